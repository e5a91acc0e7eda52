using Edge.Contracts;
using Edge.StoreForward.Outbox;
using Edge.StoreForward.Tests.Outbox;
using Edge.StoreForward.Uplink;
using Edge.TestKit;
using MQTTnet;

namespace Edge.StoreForward.Tests.Uplink;

public sealed class UplinkBatchingTests
{
    private static readonly TimeSpan s_window = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task DrainOnceAsync_RecordsPerPublishTen_PacksTenRecordsPerPublishInOrderAndSendsTheRestAlone()
    {
        using var kit = new OutboxTestKit();
        using var outbox = kit.Open();
        await using var broker = await TestBroker.StartAsync();
        var appended = outbox.Store.Append([.. Enumerable.Range(0, 41).Select(i => OutboxTestKit.Summary("press-01", OutboxTestKit.Start + (s_window * i), s_window, i))]);
        using var uplink = UplinkServiceTests.Create(outbox, broker.Port, TimeProvider.System, new UplinkOptions { BatchSize = 100, RecordsPerPublish = 10 });
        using var client = await ConnectAsync(broker.Port);

        await uplink.DrainOnceAsync(client, CancellationToken.None);
        Assert.Equal(41, await uplink.DrainOnceAsync(client, CancellationToken.None));

        Assert.Equal([10, 10, 10, 10, 1], broker.Publishes.Select(p => p.Records));
        // A group of one travels as a plain envelope on its kind's topic, as before batching.
        Assert.Equal(
            [.. Enumerable.Repeat(UplinkTopics.BatchFor("gw-test"), 4), UplinkTopics.For("gw-test", MessageKinds.MachineSummary)],
            broker.Publishes.Select(p => p.Topic));
        Assert.Equal(appended, broker.Received.Select(e => e.Sequence));
        Assert.Equal(0, outbox.Monitor.Backlog);
    }

    [Fact]
    public async Task DrainOnceAsync_RecordsPerPublishOne_PublishesEachRecordAlone()
    {
        using var kit = new OutboxTestKit();
        using var outbox = kit.Open();
        await using var broker = await TestBroker.StartAsync();
        outbox.Store.Append([.. Enumerable.Range(0, 5).Select(i => OutboxTestKit.Summary("press-01", OutboxTestKit.Start + (s_window * i), s_window, i))]);
        using var uplink = UplinkServiceTests.Create(outbox, broker.Port, TimeProvider.System, new UplinkOptions { BatchSize = 10, RecordsPerPublish = 1 });
        using var client = await ConnectAsync(broker.Port);

        await uplink.DrainOnceAsync(client, CancellationToken.None);
        await uplink.DrainOnceAsync(client, CancellationToken.None);

        Assert.Equal(5, broker.Publishes.Count);
        Assert.DoesNotContain(broker.Publishes, p => UplinkTopics.IsBatch(p.Topic));
    }

    [Fact]
    public async Task DrainOnceAsync_ByteCap_CutsTheBatchBeforeItPassesTheCap()
    {
        using var kit = new OutboxTestKit();
        using var outbox = kit.Open();
        await using var broker = await TestBroker.StartAsync();
        outbox.Store.Append([.. Enumerable.Range(0, 40).Select(i => OutboxTestKit.Summary("press-01", OutboxTestKit.Start + (s_window * i), s_window, i))]);
        var records = outbox.Leases.Peek(40);
        var perRecord = EnvelopeWriter.EstimateBytes("gw-test", records[0]);
        // Room for exactly four estimated envelopes.
        var cap = Math.Max(4096, (perRecord * 4) + (perRecord / 2));
        var fits = cap / perRecord;
        using var uplink = UplinkServiceTests.Create(outbox, broker.Port, TimeProvider.System, new UplinkOptions { BatchSize = 40, RecordsPerPublish = 40, MaxPublishBytes = cap });
        using var client = await ConnectAsync(broker.Port);

        await uplink.DrainOnceAsync(client, CancellationToken.None);
        await uplink.DrainOnceAsync(client, CancellationToken.None);

        Assert.All(broker.Publishes, p => Assert.True(p.Records <= fits, $"{p.Records} records in a publish capped at {fits}"));
        Assert.Equal(40, broker.Received.Count);
        Assert.Equal(0, outbox.Monitor.Backlog);
    }

    [Fact]
    public async Task DrainOnceAsync_AlertDuringBatchedBacklog_TravelsFirstInAPublishOfItsOwn()
    {
        using var kit = new OutboxTestKit();
        using var outbox = kit.Open();
        await using var broker = await TestBroker.StartAsync();
        for (var i = 0; i < 200; i++)
        {
            outbox.Store.Append([OutboxTestKit.Summary("press-01", OutboxTestKit.Start + (s_window * i), s_window, i)]);
        }

        using var uplink = UplinkServiceTests.Create(outbox, broker.Port, TimeProvider.System, new UplinkOptions { BatchSize = 100, RecordsPerPublish = 50, MaxPublishBytes = 256 * 1024 });
        using var client = await ConnectAsync(broker.Port);
        await uplink.DrainOnceAsync(client, CancellationToken.None);
        var alerts = outbox.Store.Append([OutboxTestKit.Alert(1, OutboxTestKit.Start), OutboxTestKit.Alert(2, OutboxTestKit.Start)]);
        await uplink.DrainOnceAsync(client, CancellationToken.None);
        await Eventually.WaitAsync(() => broker.Received.Count >= 200, TimeSpan.FromSeconds(60), "the broker received 200 records");

        // Round 1: two full batches of summaries. Round 2 leads with the alerts, alone in their publish, then summaries.
        var publishes = broker.Publishes;
        Assert.Equal([50, 50, 2, 50, 48], publishes.Select(p => p.Records));
        Assert.Equal(alerts, broker.Received.Skip(100).Take(2).Select(e => e.Sequence));
        Assert.All(broker.Received.Skip(100).Take(2), e => Assert.IsType<FailureAlert>(e.Message));
    }

    [Fact]
    public async Task DrainOnceAsync_BrokerGone_KeepsEveryRecordOfTheUnacknowledgedBatch()
    {
        using var kit = new OutboxTestKit();
        using var outbox = kit.Open();
        var broker = await TestBroker.StartAsync();
        outbox.Store.Append([.. Enumerable.Range(0, 30).Select(i => OutboxTestKit.Summary("press-01", OutboxTestKit.Start + (s_window * i), s_window, i))]);
        using var uplink = UplinkServiceTests.Create(outbox, broker.Port, TimeProvider.System, new UplinkOptions { BatchSize = 30, RecordsPerPublish = 30, AckTimeout = TimeSpan.FromSeconds(2) });
        using var client = await ConnectAsync(broker.Port);
        await broker.DisposeAsync();

        // The publish fails when it is sent or when its PUBACK is awaited, depending on when the client sees the close.
        var failed = false;
        for (var call = 0; call < 2 && !failed; call++)
        {
            try
            {
                await uplink.DrainOnceAsync(client, CancellationToken.None);
            }
            catch (Exception exception) when (exception is IOException or MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
            {
                failed = true;
            }
        }

        Assert.True(failed);
        Assert.Equal(30, outbox.Monitor.Backlog);
        Assert.Equal(0, uplink.Sent);
    }

    private static async Task<IMqttClient> ConnectAsync(int port)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithCleanSession(true).Build());
        return client;
    }
}
