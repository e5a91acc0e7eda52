using Edge.Contracts;
using Edge.Gateway.Hosting;
using Edge.Kernel;
using Edge.StoreForward.Outbox;
using Edge.StoreForward.Tests.Outbox;
using Edge.StoreForward.Uplink;
using Edge.TestKit;
using MQTTnet;
using MQTTnet.Server;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Edge.StoreForward.Tests.Uplink;

public sealed class UplinkServiceTests
{
    private static readonly TimeSpan s_window = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task ExecuteAsync_Backlog_DeliversEveryRecordOnceAndEmptiesTheOutbox()
    {
        using var kit = new OutboxTestKit();
        using var outbox = kit.Open();
        await using var broker = await TestBroker.StartAsync();
        var appended = new List<long>();
        for (var i = 0; i < 30; i++)
        {
            appended.AddRange(outbox.Store.Append([.. Enumerable.Range(0, 10).Select(m => OutboxTestKit.Summary("m" + m, OutboxTestKit.Start + (s_window * i), s_window, i))]));
        }

        using var uplink = Create(outbox, broker.Port, TimeProvider.System, new UplinkOptions { BatchSize = 25 });
        await uplink.StartAsync(CancellationToken.None);
        await Eventually.WaitAsync(() => outbox.Monitor.Backlog == 0, TimeSpan.FromSeconds(60), "the outbox is drained");
        await uplink.StopAsync(CancellationToken.None);

        Assert.Equal(appended.Order(), broker.Received.Select(e => e.Sequence).Order());
        Assert.All(broker.Received, e => Assert.Equal("gw-test", e.GatewayId));
    }

    [Fact]
    public async Task DrainOnceAsync_AlertDuringBacklog_OvertakesTheBacklogInOrderWithinClass()
    {
        using var kit = new OutboxTestKit();
        using var outbox = kit.Open();
        await using var broker = await TestBroker.StartAsync();
        for (var i = 0; i < 50; i++)
        {
            outbox.Store.Append([OutboxTestKit.Summary("press-01", OutboxTestKit.Start + (s_window * i), s_window, i)]);
        }

        using var uplink = Create(outbox, broker.Port, TimeProvider.System, new UplinkOptions { BatchSize = 10 });
        using var client = await ConnectAsync(broker.Port);
        await uplink.DrainOnceAsync(client, CancellationToken.None);
        var alert = outbox.Store.Append([OutboxTestKit.Alert(1, OutboxTestKit.Start)])[0];
        await uplink.DrainOnceAsync(client, CancellationToken.None);
        // Rounds overlap: the second round is on the wire when the call returns.
        await Eventually.WaitAsync(() => broker.Received.Count >= 20, TimeSpan.FromSeconds(60), "the broker received 20 records");

        var received = broker.Received;
        Assert.Equal(20, received.Count);
        Assert.Equal(alert, received[10].Sequence);
        var summaries = received.Where(e => e.Message is MachineSummary).Select(e => e.Sequence).ToList();
        Assert.Equal(summaries.Order(), summaries);
    }

    [Fact]
    public async Task DrainOnceAsync_Unpaced_OverlapsRoundsAndCheckpointsEachRoundOnceInOneCall()
    {
        using var kit = new OutboxTestKit();
        using var outbox = kit.Open();
        await using var broker = await TestBroker.StartAsync();
        var appended = outbox.Store.Append([.. Enumerable.Range(0, 25).Select(i => OutboxTestKit.Summary("press-01", OutboxTestKit.Start + (s_window * i), s_window, i))]);
        using var uplink = Create(outbox, broker.Port, TimeProvider.System, new UplinkOptions { BatchSize = 10 });
        using var client = await ConnectAsync(broker.Port);

        var checkpointed = new List<int>();
        for (var call = 0; call < 4; call++)
        {
            checkpointed.Add(await uplink.DrainOnceAsync(client, CancellationToken.None));
        }

        // Call 1 puts round 1 on the wire; calls 2 and 3 put the next round out and checkpoint the one before (10 each);
        // call 4 finds nothing new and checkpoints the last round (5). Nothing was sent twice.
        Assert.Equal([0, 10, 10, 5], checkpointed);
        Assert.Equal(0, outbox.Monitor.Backlog);
        Assert.Equal(appended, broker.Received.Select(e => e.Sequence));
    }

    [Fact]
    public async Task DrainOnceAsync_PacedAtTenPerSecond_HoldsTheNextRoundBackForOneSecond()
    {
        using var kit = new OutboxTestKit();
        using var outbox = kit.Open();
        await using var broker = await TestBroker.StartAsync();
        outbox.Store.Append([.. Enumerable.Range(0, 20).Select(i => OutboxTestKit.Summary("press-01", OutboxTestKit.Start + (s_window * i), s_window, i))]);
        var time = new FakeTimeProvider(OutboxTestKit.Start);
        using var uplink = Create(outbox, broker.Port, time, new UplinkOptions { BatchSize = 10, DrainRatePerSecond = 10 });
        using var client = await ConnectAsync(broker.Port);

        var round = uplink.DrainOnceAsync(client, CancellationToken.None);
        await Eventually.WaitAsync(() => outbox.Monitor.Backlog == 10, TimeSpan.FromSeconds(60), "the first batch of 10 is acknowledged");
        // Without pacing the round would end right after its PUBACKs; with it, it waits for the (fake) second.
        var endedEarly = await Task.WhenAny(round, Task.Delay(TimeSpan.FromMilliseconds(300))) == round;
        Assert.False(endedEarly);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(10, await round.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task ExecuteAsync_BrokerAcceptsThenKicks_KeepsBackingOffInsteadOfResetting()
    {
        using var kit = new OutboxTestKit();
        using var outbox = kit.Open();
        outbox.Store.Append([OutboxTestKit.Alert(1, OutboxTestKit.Start)]);
        await using var broker = await TestBroker.StartAsync();
        broker.Server.ClientConnectedAsync += args => broker.Server.DisconnectClientAsync(args.ClientId, new MqttServerClientDisconnectOptions());
        var options = new UplinkOptions { ReconnectBase = TimeSpan.FromMilliseconds(20), ReconnectCap = TimeSpan.FromMilliseconds(200), StableConnection = TimeSpan.FromSeconds(30) };

        using var uplink = Create(outbox, broker.Port, TimeProvider.System, options);
        await uplink.StartAsync(CancellationToken.None);
        await Eventually.WaitAsync(() => uplink.Connections >= 5, TimeSpan.FromSeconds(60), "5 connection attempts");
        await uplink.StopAsync(CancellationToken.None);

        Assert.Equal(0, uplink.BackoffResets);
    }

    [Fact]
    public async Task ExecuteAsync_ConnectionThatLasted_ResetsTheBackoff()
    {
        using var kit = new OutboxTestKit();
        using var outbox = kit.Open();
        outbox.Store.Append([OutboxTestKit.Alert(1, OutboxTestKit.Start)]);
        await using var broker = await TestBroker.StartAsync();
        broker.Server.ClientConnectedAsync += args => broker.Server.DisconnectClientAsync(args.ClientId, new MqttServerClientDisconnectOptions());
        var options = new UplinkOptions { ReconnectBase = TimeSpan.FromMilliseconds(20), ReconnectCap = TimeSpan.FromMilliseconds(200), StableConnection = TimeSpan.Zero };

        using var uplink = Create(outbox, broker.Port, TimeProvider.System, options);
        await uplink.StartAsync(CancellationToken.None);
        await Eventually.WaitAsync(() => uplink.Connections >= 3, TimeSpan.FromSeconds(60), "3 connection attempts");
        await uplink.StopAsync(CancellationToken.None);

        Assert.True(uplink.BackoffResets > 0);
    }

    internal static UplinkService Create(SqliteOutbox outbox, int port, TimeProvider time, UplinkOptions options)
    {
        options.Host = "127.0.0.1";
        options.Port = port;
        return new UplinkService(outbox.Leases, Options.Create(options), Options.Create(new GatewayOptions { Id = "gw-test" }), time, NullLogger<UplinkService>.Instance);
    }

    private static async Task<IMqttClient> ConnectAsync(int port)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithCleanSession(true).Build());
        return client;
    }
}
