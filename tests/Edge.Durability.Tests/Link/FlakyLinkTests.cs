using Edge.Contracts;
using Edge.Durability.Tests.Kit;
using Edge.Gateway.Hosting;
using Edge.Kernel;
using Edge.StoreForward.Outbox;
using Edge.StoreForward.Uplink;
using Edge.TestKit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Edge.Durability.Tests.Link;

public sealed class FlakyLinkTests(ITestOutputHelper output)
{
    [Theory]
    [Trait("Category", "Durability")]
    [InlineData(1)]
    [InlineData(4)]
    public async Task Drain_ThroughDroppedAcksResetsLatencyAndACloudRestart_CloudStoresEachRecordOnce(int recordsPerPublish)
    {
        var root = Paths.NewTempDirectory("flaky");
        await using var cloud = new CloudUnderTest(Path.Combine(root, "cloud"));
        await cloud.StartAsync();
        // The proxy draws its faults per packet; batched publishes mean fewer packets, so resets are made likelier to match.
        await using var proxy = new FaultProxy(cloud.BrokerPort, dropAckProbability: 0.05, resetProbability: 0.01 * recordsPerPublish, maxLatencyMilliseconds: 15, seed: 5);
        using var outbox = new SqliteOutbox(Path.Combine(root, "outbox.db"), new OutboxOptions(), TimeProvider.System, NullLogger.Instance);
        var options = new UplinkOptions
        {
            Port = proxy.Port,
            BatchSize = 20,
            RecordsPerPublish = recordsPerPublish,
            AckTimeout = TimeSpan.FromSeconds(1),
            ReconnectBase = TimeSpan.FromMilliseconds(50),
            ReconnectCap = TimeSpan.FromMilliseconds(300),
        };
        using var uplink = new UplinkService(outbox.Leases, Options.Create(options), Options.Create(new GatewayOptions { Id = "flaky-gw" }), TimeProvider.System, NullLogger<UplinkService>.Instance);
        await uplink.StartAsync(CancellationToken.None);

        var committed = new List<long>();
        var start = new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);
        for (var window = 0; window < 60; window++)
        {
            var batch = new List<UplinkMessage>();
            for (var machine = 0; machine < 10; machine++)
            {
                batch.Add(Messages.Summary("m" + machine, start.AddMinutes(window), window + machine));
            }

            if (window % 10 == 3)
            {
                batch.Add(Messages.Alert(window, start.AddMinutes(window)));
            }

            committed.AddRange(outbox.Store.Append(batch));
            if (window == 30)
            {
                // The cloud restarts mid-drain: its de-duplication ledger is on disk, not in memory.
                await cloud.StopAsync();
                await cloud.StartAsync();
            }

            await Eventually.WaitAsync(() => outbox.Monitor.Backlog < 100, TimeSpan.FromSeconds(60), "the uplink to keep up");
        }

        await Eventually.WaitAsync(() => proxy.DroppedAcks > 0 && proxy.Resets > 0 || outbox.Monitor.Backlog == 0, TimeSpan.FromSeconds(60), "faults");
        await Eventually.WaitAsync(() => outbox.Monitor.Backlog == 0, TimeSpan.FromSeconds(120), "the backlog to drain");
        await uplink.StopAsync(CancellationToken.None);

        output.WriteLine($"{committed.Count} committed, {proxy.DroppedAcks} PUBACKs dropped, {proxy.Resets} resets, {uplink.Connections} connections, {cloud.Metrics.Duplicates} duplicates ignored since the cloud restart");
        Assert.True(proxy.DroppedAcks > 0, "the proxy must have dropped PUBACKs");
        Assert.True(proxy.Resets > 0, "the proxy must have reset connections");
        Assert.Equal(committed.Order(), cloud.StoredSequences("flaky-gw"));
    }
}
