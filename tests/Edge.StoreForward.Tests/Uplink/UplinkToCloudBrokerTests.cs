using System.Globalization;
using Edge.Cloud.Access;
using Edge.Cloud.Hosting;
using Edge.Cloud.Storage;
using Edge.Cloud.Tests.Infrastructure;
using Edge.StoreForward.Outbox;
using Edge.StoreForward.Tests.Outbox;
using Edge.StoreForward.Uplink;
using Edge.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.StoreForward.Tests.Uplink;

/// <summary>
/// The gateway's uplink against Edge's own cloud broker as production runs it: TLS only (a CA made for the test,
/// <c>Uplink:UseTls=true</c>, <c>Uplink:CaCertificatePath</c>) and gateway login required, the password being the token
/// <c>admin add-gateway</c> prints (the user name defaults to the gateway id).
/// </summary>
public sealed class UplinkToCloudBrokerTests
{
    private static readonly TimeSpan s_window = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task ExecuteAsync_TlsAndGatewayToken_OutboxDrainedIntoTheCloud()
    {
        using var kit = new OutboxTestKit();
        await using var cloud = await TlsCloud.StartAsync(kit.Directory);
        var token = await cloud.AddGatewayAsync("gw-test");
        using var outbox = Fill(kit, 30);

        using var uplink = UplinkServiceTests.Create(outbox, cloud.TlsPort, TimeProvider.System, cloud.UplinkOptions(token));
        await uplink.StartAsync(CancellationToken.None);
        await Eventually.WaitAsync(() => outbox.Monitor.Backlog == 0, TimeSpan.FromSeconds(60), "the outbox is drained over TLS");
        await uplink.StopAsync(CancellationToken.None);

        Assert.Equal(30, await cloud.Store.CountRecordsAsync(default));
        Assert.Equal("gw-test", Assert.Single(await cloud.Store.GetGatewaysAsync(default)).GatewayId);
    }

    [Fact]
    public async Task ExecuteAsync_WrongToken_NothingLeavesTheOutbox()
    {
        using var kit = new OutboxTestKit();
        await using var cloud = await TlsCloud.StartAsync(kit.Directory);
        await cloud.AddGatewayAsync("gw-test");
        var otherGatewaysToken = await cloud.AddGatewayAsync("gw-other");
        using var outbox = Fill(kit, 5);

        using var uplink = UplinkServiceTests.Create(outbox, cloud.TlsPort, TimeProvider.System, cloud.UplinkOptions(otherGatewaysToken));
        await uplink.StartAsync(CancellationToken.None);
        await Eventually.WaitAsync(() => uplink.Failures >= 2, TimeSpan.FromSeconds(30), "the broker refused the login twice");
        await uplink.StopAsync(CancellationToken.None);

        Assert.Equal(0, uplink.Connections);
        Assert.Equal(5, outbox.Monitor.Backlog);
        Assert.Equal(0, await cloud.Store.CountRecordsAsync(default));
    }

    private static SqliteOutbox Fill(OutboxTestKit kit, int records)
    {
        var outbox = kit.Open();
        for (var i = 0; i < records; i++)
        {
            outbox.Store.Append([OutboxTestKit.Summary("press-01", OutboxTestKit.Start + (s_window * i), s_window, i)]);
        }

        return outbox;
    }

    /// <summary>A cloud in process whose broker listens on TLS only, with the production default of gateway login.</summary>
    private sealed class TlsCloud : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly TestCertificates _certificates;

        private TlsCloud(WebApplication app, TestCertificates certificates, int tlsPort)
        {
            _app = app;
            _certificates = certificates;
            TlsPort = tlsPort;
        }

        public int TlsPort { get; }

        public ICloudStore Store => _app.Services.GetRequiredService<ICloudStore>();

        public static async Task<TlsCloud> StartAsync(string folder)
        {
            var certificates = TestCertificates.Create(Path.Combine(folder, "certificates"));
            var tlsPort = FreePort.Next();
            var app = CloudHost.Build([], configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Cloud:DataDirectory"] = Path.Combine(folder, "cloud"),
                ["Cloud:WebUrl"] = $"http://127.0.0.1:{FreePort.Next()}",
                ["Cloud:BrokerPort"] = "0",
                ["Cloud:BrokerTlsPort"] = tlsPort.ToString(CultureInfo.InvariantCulture),
                ["Cloud:BrokerTlsCertificatePath"] = certificates.BrokerPfxPath,
                ["Cloud:BrokerTlsCertificatePassword"] = TestCertificates.PfxPassword,
                ["Logging:LogLevel:Default"] = "Warning",
            }));
            await app.StartAsync();
            return new TlsCloud(app, certificates, tlsPort);
        }

        public async Task<string> AddGatewayAsync(string gatewayId) =>
            (await _app.Services.GetRequiredService<GatewayAccounts>().AddAsync(gatewayId, "test", DateTimeOffset.UtcNow, default)).Token;

        public UplinkOptions UplinkOptions(string token) => new()
        {
            UseTls = true,
            CaCertificatePath = _certificates.CaPath,
            TlsServerName = "localhost",
            Password = token,
            ReconnectBase = TimeSpan.FromMilliseconds(100),
            ReconnectCap = TimeSpan.FromMilliseconds(300),
        };

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }
}
