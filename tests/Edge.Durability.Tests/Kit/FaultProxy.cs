using System.Net;
using System.Net.Sockets;

namespace Edge.Durability.Tests.Kit;

/// <summary>
/// A TCP proxy between the gateway and the cloud broker that misbehaves like a bad WAN link: it drops PUBACK packets
/// (so the gateway never learns a record arrived), resets connections in the middle of a flight, and adds latency.
/// It reads the broker-to-gateway stream as MQTT packets (fixed header, variable-length remaining length) to find PUBACKs.
/// </summary>
internal sealed class FaultProxy : IAsyncDisposable
{
    private const int PubAck = 4;

    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly double _dropAck;
    private readonly double _reset;
    private readonly int _maxLatencyMilliseconds;
    private readonly Random _random;
    private readonly Lock _randomGate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private long _droppedAcks;
    private long _resets;

    public FaultProxy(int targetPort, double dropAckProbability, double resetProbability, int maxLatencyMilliseconds, int seed)
    {
        _targetPort = targetPort;
        _dropAck = dropAckProbability;
        _reset = resetProbability;
        _maxLatencyMilliseconds = maxLatencyMilliseconds;
        _random = new Random(seed);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public long DroppedAcks => Interlocked.Read(ref _droppedAcks);

    public long Resets => Interlocked.Read(ref _resets);

    /// <summary>When false, traffic passes untouched (to let the backlog drain at the end).</summary>
    public bool Faulty { get; set; } = true;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var _ = client;
        using var server = new TcpClient();
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException)
        {
            return;
        }

        using var connection = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        var upstream = CopyAsync(client.GetStream(), server.GetStream(), connection.Token);
        var downstream = FilterAsync(server.GetStream(), client.GetStream(), connection.Token);
        await Task.WhenAny(upstream, downstream);
        await connection.CancelAsync();
        client.Client.Close(0);
        server.Client.Close(0);
        await Task.WhenAll(upstream, downstream);
    }

    private async Task CopyAsync(NetworkStream from, NetworkStream to, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await DelayAsync(cancellationToken);
                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task FilterAsync(NetworkStream from, NetworkStream to, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var packet = await ReadPacketAsync(from, cancellationToken);
                if (packet is null)
                {
                    return;
                }

                if (Faulty && Chance(_reset))
                {
                    Interlocked.Increment(ref _resets);
                    return;
                }

                if (Faulty && packet[0] >> 4 == PubAck && Chance(_dropAck))
                {
                    Interlocked.Increment(ref _droppedAcks);
                    continue;
                }

                await DelayAsync(cancellationToken);
                await to.WriteAsync(packet, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>One whole MQTT packet: the type byte, the remaining length (1-4 bytes, 7 bits each), the rest.</summary>
    private static async Task<byte[]?> ReadPacketAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var header = new List<byte>(5);
        var one = new byte[1];
        if (await stream.ReadAsync(one, cancellationToken) == 0)
        {
            return null;
        }

        header.Add(one[0]);
        var length = 0;
        for (var shift = 0; ; shift += 7)
        {
            await stream.ReadExactlyAsync(one, cancellationToken);
            header.Add(one[0]);
            length |= (one[0] & 0x7F) << shift;
            if ((one[0] & 0x80) == 0)
            {
                break;
            }
        }

        var packet = new byte[header.Count + length];
        header.CopyTo(packet);
        await stream.ReadExactlyAsync(packet.AsMemory(header.Count), cancellationToken);
        return packet;
    }

    private bool Chance(double probability)
    {
        lock (_randomGate)
        {
            return _random.NextDouble() < probability;
        }
    }

    private Task DelayAsync(CancellationToken cancellationToken)
    {
        if (!Faulty || _maxLatencyMilliseconds == 0)
        {
            return Task.CompletedTask;
        }

        int milliseconds;
        lock (_randomGate)
        {
            milliseconds = _random.Next(_maxLatencyMilliseconds);
        }

        return Task.Delay(milliseconds, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
