using System.Net;
using System.Net.Sockets;

namespace Edge.LoadHarness;

/// <summary>Free loopback ports and waiting for a server to accept connections.</summary>
internal static class Loopback
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls until <paramref name="endpoint"/> accepts a TCP connection; false when <paramref name="process"/> exits first or time runs out.</summary>
    public static async Task<bool> WaitForListenerAsync(IPEndPoint endpoint, ChildProcess process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(endpoint, cancellationToken);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(5, cancellationToken);
            }
        }

        return false;
    }
}
