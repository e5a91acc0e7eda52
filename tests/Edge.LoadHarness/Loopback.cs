using System.Net;
using System.Net.Sockets;

namespace Edge.LoadHarness;

/// <summary>Free loopback ports and waiting for a server to accept connections.</summary>
internal static class Loopback
{
    /// <summary>
    /// A free port below the kernel's ephemeral range. Ports from <c>bind(0)</c> are ephemeral: between releasing one and the
    /// server binding it, another process's outgoing connection or its own "free port" can take it, and the harness would
    /// then measure someone else's listener (seen here with other test suites running).
    /// </summary>
    public static int FreePort()
    {
        var (low, _) = EphemeralRange();
        var first = Math.Max(1024, low - 12_000);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = first + Random.Shared.Next(Math.Max(1, low - first));
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException("No free loopback port below the ephemeral range.");
    }

    private static (int Low, int High) EphemeralRange()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return (int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(range[1], System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return (32768, 60999);
        }
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
                // A connect to a free port in the ephemeral range can pick that very port as its source and connect to
                // itself (TCP simultaneous open): that is not a listener.
                if (!endpoint.Equals(socket.LocalEndPoint))
                {
                    return true;
                }
            }
            catch (SocketException)
            {
            }

            await Task.Delay(5, cancellationToken);
        }

        return false;
    }
}
