using System.Net;
using System.Net.Sockets;

namespace Edge.TestKit;

/// <summary>Free loopback TCP ports for in-process brokers and web servers.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
