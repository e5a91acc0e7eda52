using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Edge.Ingest.Tests.Broker;

/// <summary>Just enough MQTT 3.1.1 to put exact bytes on the wire: CONNECT, PUBLISH QoS 1, and reading packets back.</summary>
internal static class RawMqtt
{
    public static byte[] Connect(string clientId)
    {
        var body = new List<byte>();
        AddString(body, "MQTT");
        body.Add(4); // protocol level 3.1.1
        body.Add(0x02); // clean session
        body.Add(0);
        body.Add(60); // keep alive, seconds
        AddString(body, clientId);
        return Packet(0x10, body);
    }

    public static byte[] Publish(string topic, ushort packetId, string payload)
    {
        var body = new List<byte>();
        AddString(body, topic);
        body.Add((byte)(packetId >> 8));
        body.Add((byte)packetId);
        body.AddRange(Encoding.UTF8.GetBytes(payload));
        return Packet(0x32, body); // PUBLISH, QoS 1
    }

    /// <summary>Reads packets until <paramref name="count"/> PUBACKs arrived; returns their packet identifiers in order.</summary>
    public static async Task<List<ushort>> ReadPubAcksAsync(Socket socket, int count)
    {
        var identifiers = new List<ushort>(count);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (identifiers.Count < count)
        {
            var packet = await ReadPacketAsync(socket, deadline.Token);
            if ((packet.Header & 0xF0) == 0x40)
            {
                identifiers.Add(BinaryPrimitives.ReadUInt16BigEndian(packet.Body));
            }
        }

        return identifiers;
    }

    public static async Task<(byte Header, byte[] Body)> ReadPacketAsync(Socket socket, CancellationToken cancellationToken = default)
    {
        var header = await ReadExactlyAsync(socket, 1, cancellationToken);
        var length = 0;
        var multiplier = 1;
        byte encoded;
        do
        {
            encoded = (await ReadExactlyAsync(socket, 1, cancellationToken))[0];
            length += (encoded & 0x7F) * multiplier;
            multiplier *= 128;
        }
        while ((encoded & 0x80) != 0);

        return (header[0], await ReadExactlyAsync(socket, length, cancellationToken));
    }

    private static async Task<byte[]> ReadExactlyAsync(Socket socket, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cancellationToken);
            if (n == 0)
            {
                throw new IOException("The broker closed the connection.");
            }

            read += n;
        }

        return buffer;
    }

    private static void AddString(List<byte> body, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        body.Add((byte)(bytes.Length >> 8));
        body.Add((byte)bytes.Length);
        body.AddRange(bytes);
    }

    private static byte[] Packet(byte header, List<byte> body)
    {
        var packet = new List<byte> { header };
        var length = body.Count;
        do
        {
            var digit = (byte)(length % 128);
            length /= 128;
            packet.Add(length > 0 ? (byte)(digit | 0x80) : digit);
        }
        while (length > 0);

        packet.AddRange(body);
        return [.. packet];
    }
}
