using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Edge.LoadHarness;

/// <summary>How many source messages one delivered message stands for (1 for pass-through, a window's count for statistics).</summary>
internal delegate long MessageWeigher(ReadOnlySpan<byte> topic, ReadOnlySpan<byte> payload);

/// <summary>
/// A bare MQTT 3.1.1 subscriber on its own thread with blocking reads: subscribes at QoS 1, acknowledges every delivery
/// (one socket write per read) and adds up what the weigher says each delivery is worth. Its thread's CPU is read
/// separately, so it is not charged to the load generator.
/// </summary>
internal sealed class CountingSubscriber : IDisposable
{
    private readonly Socket _socket;
    private readonly MessageWeigher _weigher;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _threadStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _total;
    private long _deliveries;
    private string? _taskStatPath;
    private volatile Exception? _failure;

    private CountingSubscriber(Socket socket, MessageWeigher weigher)
    {
        _socket = socket;
        _weigher = weigher;
        _thread = new Thread(Run) { IsBackground = true, Name = "counting-subscriber" };
    }

    public static async Task<CountingSubscriber> StartAsync(IPEndPoint endpoint, string filter, MessageWeigher weigher, CancellationToken cancellationToken)
    {
        var socket = await MqttConnection.ConnectAsync(endpoint, $"bench-subscriber-{Environment.ProcessId}", cancellationToken);
        await MqttConnection.SendAllAsync(socket, MqttCodec.Subscribe(1, filter), cancellationToken);
        var subAck = new byte[5];
        var read = 0;
        while (read < subAck.Length)
        {
            var n = await socket.ReceiveAsync(subAck.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                throw new IOException("The broker closed the connection before SUBACK.");
            }

            read += n;
        }

        if (subAck[0] != MqttCodec.SubAck || subAck[4] > 2)
        {
            throw new IOException($"Subscription to {filter} refused.");
        }

        var subscriber = new CountingSubscriber(socket, weigher);
        subscriber._thread.Start();
        await subscriber._threadStarted.Task;
        return subscriber;
    }

    /// <summary>Sum of the weights of every delivery so far.</summary>
    public long Total
    {
        get
        {
            if (_failure is { } failure)
            {
                throw new IOException("The counting subscriber failed.", failure);
            }

            return Interlocked.Read(ref _total);
        }
    }

    public long Deliveries => Interlocked.Read(ref _deliveries);

    /// <summary>CPU clock ticks of the subscriber's thread.</summary>
    public long CpuTicks => _taskStatPath is null ? 0 : ProcStats.CpuTicksFromStatFile(_taskStatPath);

    private void Run()
    {
        // /proc/thread-self links to /proc/<pid>/task/<tid>: the thread's own CPU accounting.
        var task = new DirectoryInfo("/proc/thread-self").LinkTarget;
        _taskStatPath = task is null ? null : Path.Combine("/proc", task, "stat");
        _threadStarted.TrySetResult();

        var buffer = new byte[256 * 1024];
        var acks = new byte[64 * 1024];
        var length = 0;
        try
        {
            while (true)
            {
                var received = _socket.Receive(buffer, length, buffer.Length - length, SocketFlags.None);
                if (received == 0)
                {
                    return;
                }

                length += received;
                var consumed = 0;
                var ackLength = 0;
                long weight = 0;
                long deliveries = 0;
                while (MqttCodec.TryReadPacket(buffer.AsSpan(consumed, length - consumed), out var header, out var bodyOffset, out var bodyLength))
                {
                    if ((header & 0xF0) == MqttCodec.PublishType)
                    {
                        var body = buffer.AsSpan(consumed + bodyOffset, bodyLength);
                        var topicLength = BinaryPrimitives.ReadUInt16BigEndian(body);
                        var topic = body.Slice(2, topicLength);
                        var rest = body[(2 + topicLength)..];
                        if ((header & 0x06) != 0)
                        {
                            var packetId = BinaryPrimitives.ReadUInt16BigEndian(rest);
                            rest = rest[2..];
                            if (ackLength + 4 > acks.Length)
                            {
                                _socket.Send(acks, 0, ackLength, SocketFlags.None);
                                ackLength = 0;
                            }

                            MqttCodec.WritePubAck(acks.AsSpan(ackLength), packetId);
                            ackLength += 4;
                        }

                        weight += _weigher(topic, rest);
                        deliveries++;
                    }

                    consumed += bodyOffset + bodyLength;
                }

                if (ackLength > 0)
                {
                    _socket.Send(acks, 0, ackLength, SocketFlags.None);
                }

                Interlocked.Add(ref _total, weight);
                Interlocked.Add(ref _deliveries, deliveries);
                Buffer.BlockCopy(buffer, consumed, buffer, 0, length - consumed);
                length -= consumed;
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException or InvalidDataException)
        {
            _failure = exception;
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        _thread.Join(TimeSpan.FromSeconds(5));
    }
}
