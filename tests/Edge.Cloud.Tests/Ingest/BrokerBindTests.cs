using System.Net;
using System.Net.Sockets;
using Edge.Cloud.Ingest;
using Edge.Cloud.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Cloud.Tests.Ingest;

public sealed class BrokerBindTests
{
    [Fact]
    public async Task Broker_BoundToIpv4Loopback_RefusesIpv6()
    {
        await using var cloud = await CloudApp.StartAsync();
        var port = cloud.Services.GetRequiredService<CloudBroker>().Port;
        using var v4 = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var v6 = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);

        await v4.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        // MQTTnet's default endpoint also listens on [::] unless told otherwise; the cloud binds only what it is given.
        var refused = await Assert.ThrowsAsync<SocketException>(() => v6.ConnectAsync(new IPEndPoint(IPAddress.IPv6Loopback, port)));

        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }
}
