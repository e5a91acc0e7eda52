using System.Net;
using System.Net.Sockets;

namespace Edge.TestKit;

/// <summary>Free loopback TCP ports for in-process brokers and web servers.</summary>
/// <remarks>
/// Ports come from below Linux's ephemeral range (32768-60999), never from it: a port the kernel handed out for
/// "any port" is free only until some client's outgoing connection takes it as its local port, and with the test
/// projects running side by side that happened (Kestrel: address already in use). Each process walks its own stretch
/// of 20000-31999, starting at an offset drawn from its process id, and checks that a port binds before handing it out.
/// </remarks>
public static class FreePort
{
    private const int First = 20000;
    private const int Count = 12000;

    private static int s_next = (Environment.ProcessId * 7919) % Count;

    public static int Next()
    {
        for (var attempt = 0; attempt < Count; attempt++)
        {
            var port = First + ((Interlocked.Increment(ref s_next) & int.MaxValue) % Count);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken (another test process, or a service of the machine): try the next one.
            }
        }

        throw new InvalidOperationException($"No free loopback port in {First}-{First + Count - 1}.");
    }
}
