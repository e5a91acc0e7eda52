using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Edge.LoadHarness;

/// <summary>
/// One simulated machine: a hand-written MQTT 3.1.1 QoS 1 publisher. It keeps up to <c>inFlight</c> messages
/// unacknowledged, writes every message it may send in one socket write, and reads whatever PUBACKs have arrived in one
/// receive, so it costs a fraction of a general-purpose client per message. The payload is the fleet telemetry JSON of
/// the foundation (~125 bytes) with the send time as its timestamp.
/// </summary>
internal sealed class LeanPublisher : IDisposable
{
    // Packet identifiers cycle over 1..IdSpace; an identifier is reused only once its PUBACK came back.
    private const int IdSpace = 4096;
    private const int MaxPacketLength = 512;
    private const int MaxTopicLength = 128;

    private static readonly byte[][] s_temperatures = Values(70.0, 0.1);
    private static readonly byte[][] s_vibrations = Values(2.0, 0.01);

    private readonly Socket _socket;
    private readonly byte[] _topic;
    private readonly byte[] _payloadPrefix;
    private readonly long[] _sentAt = new long[IdSpace + 1];
    private readonly byte[] _receiveBuffer = new byte[64 * 1024];
    private readonly IMessageSource? _source;
    private int _receiveLength;
    private ushort _nextId;
    private long _sequence;

    private LeanPublisher(Socket socket, string machineId, IMessageSource? source = null)
    {
        _socket = socket;
        _source = source;
        _topic = Encoding.UTF8.GetBytes($"devices/{machineId}/telemetry");
        _payloadPrefix = Encoding.UTF8.GetBytes("{\"machineId\":\"" + machineId + "\",\"timestamp\":\"");
    }

    public static async Task<LeanPublisher> ConnectAsync(IPEndPoint endpoint, string machineId, CancellationToken cancellationToken, MqttCredentials? credentials = null)
    {
        // The gateway accepts a client id of "<device id>-<suffix>" for the device that logged in.
        var socket = await MqttConnection.ConnectAsync(endpoint, $"{machineId}-bench{Environment.ProcessId}", cancellationToken, credentials);
        return new LeanPublisher(socket, machineId);
    }

    /// <summary>A client that publishes what <paramref name="source"/> writes (its own topics and payloads) under <paramref name="clientId"/>.</summary>
    public static async Task<LeanPublisher> ConnectAsync(IPEndPoint endpoint, string clientId, IMessageSource source, CancellationToken cancellationToken, MqttCredentials? credentials = null)
    {
        var socket = await MqttConnection.ConnectAsync(endpoint, clientId, cancellationToken, credentials);
        return new LeanPublisher(socket, clientId, source);
    }

    /// <summary>Publishes <paramref name="count"/> messages and returns when every one was acknowledged.</summary>
    /// <param name="latencyMicroseconds">Receives the publish-to-PUBACK time of each message, in acknowledgement order.</param>
    public async Task PublishAsync(int count, int inFlight, int[] latencyMicroseconds, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(inFlight, IdSpace / 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(latencyMicroseconds.Length, count);
        var sendBuffer = new byte[inFlight * MaxPacketLength];
        var sent = 0;
        var acknowledged = 0;
        while (acknowledged < count)
        {
            var room = Math.Min(inFlight - (sent - acknowledged), count - sent);
            if (room > 0)
            {
                var length = 0;
                var now = Stopwatch.GetTimestamp();
                var utcNow = DateTime.UtcNow;
                for (var i = 0; i < room; i++)
                {
                    length += WritePublish(sendBuffer.AsSpan(length), utcNow, now);
                }

                await MqttConnection.SendAllAsync(_socket, sendBuffer.AsMemory(0, length), cancellationToken);
                sent += room;
            }

            var received = await _socket.ReceiveAsync(_receiveBuffer.AsMemory(_receiveLength), cancellationToken);
            if (received == 0)
            {
                throw new IOException($"The broker closed the connection after {acknowledged} of {count} PUBACKs.");
            }

            _receiveLength += received;
            acknowledged = ReadAcknowledgements(latencyMicroseconds, acknowledged);
        }
    }

    private int WritePublish(Span<byte> destination, DateTime utcNow, long now)
    {
        _nextId = (ushort)(_nextId % IdSpace + 1);
        if (_sentAt[_nextId] != 0)
        {
            throw new InvalidOperationException($"Packet id {_nextId} is still unacknowledged; raise IdSpace or lower --in-flight.");
        }

        _sentAt[_nextId] = now;
        Span<byte> payload = stackalloc byte[MaxPacketLength];
        Span<byte> topicBuffer = _source is null ? default : stackalloc byte[MaxTopicLength];
        scoped ReadOnlySpan<byte> topic;
        int length;
        if (_source is null)
        {
            topic = _topic;
            length = WritePayload(payload, utcNow);
        }
        else
        {
            length = _source.Write(_sequence++, topicBuffer, out var topicLength, payload[..(MaxPacketLength - MaxTopicLength - 8)]);
            topic = topicBuffer[..topicLength];
        }

        var remaining = 2 + topic.Length + 2 + length;
        destination[0] = 0x32; // PUBLISH, QoS 1, no DUP, no RETAIN
        var offset = 1 + MqttCodec.WriteRemainingLength(destination[1..], remaining);
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], (ushort)topic.Length);
        offset += 2;
        topic.CopyTo(destination[offset..]);
        offset += topic.Length;
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], _nextId);
        offset += 2;
        payload[..length].CopyTo(destination[offset..]);
        return offset + length;
    }

    private int WritePayload(Span<byte> payload, DateTime utcNow)
    {
        var sequence = _sequence++;
        var offset = Append(payload, 0, _payloadPrefix);
        Utf8Formatter.TryFormat(utcNow, payload[offset..], out var written, new System.Buffers.StandardFormat('O'));
        offset += written;
        offset = Append(payload, offset, "\",\"sequence\":"u8);
        Utf8Formatter.TryFormat(sequence, payload[offset..], out written);
        offset += written;
        offset = Append(payload, offset, ",\"readings\":{\"temperature\":"u8);
        offset = Append(payload, offset, s_temperatures[sequence & 63]);
        offset = Append(payload, offset, ",\"vibration\":"u8);
        offset = Append(payload, offset, s_vibrations[(sequence >> 3) & 63]);
        return Append(payload, offset, "}}"u8);
    }

    private int ReadAcknowledgements(int[] latencyMicroseconds, int acknowledged)
    {
        var buffer = _receiveBuffer.AsSpan(0, _receiveLength);
        var consumed = 0;
        var now = Stopwatch.GetTimestamp();
        while (MqttCodec.TryReadPacket(buffer[consumed..], out var header, out var bodyOffset, out var bodyLength))
        {
            if (header == MqttCodec.PubAck)
            {
                var id = BinaryPrimitives.ReadUInt16BigEndian(buffer[(consumed + bodyOffset)..]);
                var sentAt = id <= IdSpace ? _sentAt[id] : 0;
                if (sentAt == 0)
                {
                    throw new InvalidDataException($"PUBACK for packet id {id}, which is not in flight.");
                }

                _sentAt[id] = 0;
                latencyMicroseconds[acknowledged++] = (int)Math.Min(int.MaxValue, Stopwatch.GetElapsedTime(sentAt, now).Ticks / 10);
            }

            consumed += bodyOffset + bodyLength;
        }

        buffer[consumed..].CopyTo(_receiveBuffer);
        _receiveLength -= consumed;
        return acknowledged;
    }

    private static int Append(Span<byte> destination, int offset, ReadOnlySpan<byte> value)
    {
        value.CopyTo(destination[offset..]);
        return offset + value.Length;
    }

    private static byte[][] Values(double start, double step)
    {
        var values = new byte[64][];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Encoding.UTF8.GetBytes(Math.Round(start + (i * step), 2).ToString("0.0#", System.Globalization.CultureInfo.InvariantCulture));
        }

        return values;
    }

    public void Dispose() => _socket.Dispose();
}
