using System.Net;
using System.Net.Sockets;

namespace Edge.EndToEnd.Tests;

/// <summary>
/// A TCP relay between the gateway's uplink and the cloud broker that keeps a copy of every byte the gateway sends:
/// what the cloud receives, exactly as it crossed the wire.
/// </summary>
internal sealed class CaptureProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly MemoryStream _captured = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public CaptureProxy(int targetPort)
    {
        _target = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public byte[] Captured()
    {
        lock (_captured)
        {
            return _captured.ToArray();
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = RelayAsync(client);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
                var up = CopyAsync(client.GetStream(), server.GetStream(), capture: true);
                var down = CopyAsync(server.GetStream(), client.GetStream(), capture: false);
                await Task.WhenAny(up, down);
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
            {
                // A connection ended; the uplink reconnects.
            }
        }
    }

    private async Task CopyAsync(NetworkStream from, NetworkStream to, bool capture)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
        {
            if (capture)
            {
                lock (_captured)
                {
                    _captured.Write(buffer, 0, read);
                }
            }

            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
        await _captured.DisposeAsync();
    }
}
