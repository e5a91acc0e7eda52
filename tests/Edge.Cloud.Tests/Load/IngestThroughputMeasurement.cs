using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Edge.Cloud.Ingest;
using Edge.Cloud.Storage;
using Edge.Cloud.Tests.Infrastructure;
using Edge.TestKit;
using Edge.Contracts;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Xunit.Abstractions;
using static Edge.Cloud.Tests.Infrastructure.Envelopes;

namespace Edge.Cloud.Tests.Load;

/// <summary>
/// Ingest throughput into PostgreSQL: a measurement that prints figures, not a test that asserts speed. Runs only with
/// EDGE_CLOUD_LOAD=1:
/// <c>EDGE_CLOUD_LOAD=1 dotnet test tests/Edge.Cloud.Tests --filter Category=Load --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Load")]
[Trait("Needs", "postgresql")]
public sealed class IngestThroughputMeasurement(ITestOutputHelper output)
{
    [MeasurementFact("EDGE_CLOUD_LOAD")]
    public async Task StoreOnly_BatchesOf500_PrintsRecordsPerSecond()
    {
        var cluster = await PostgresCluster.SharedAsync();
        var store = new PostgresCloudStore(await cluster.CreateDatabaseAsync(), TimeProvider.System, TimeSpan.FromDays(400));
        var envelopes = Build(100_000, DateTimeOffset.UtcNow.AddHours(-2));
        await store.IngestAsync(envelopes.Take(500).ToList(), DateTimeOffset.UtcNow, default); // schema, partitions, JIT

        var clock = Stopwatch.StartNew();
        foreach (var batch in envelopes.Skip(500).Chunk(500))
        {
            await store.IngestAsync(batch, DateTimeOffset.UtcNow, default);
        }

        clock.Stop();
        var stored = await store.CountRecordsAsync(default);
        Assert.Equal(envelopes.Count, stored);
        output.WriteLine($"store only: {envelopes.Count - 500} records in {clock.Elapsed.TotalSeconds:0.00} s = {(envelopes.Count - 500) / clock.Elapsed.TotalSeconds:0} records/s (PostgreSQL, batches of 500, one writer)");
    }

    [MeasurementTheory("EDGE_CLOUD_LOAD")]
    [Trait("Needs", "mosquitto")]
    [InlineData(1)]
    [InlineData(2)]
    public async Task MosquittoToPostgres_Workers_PrintsRecordsPerSecond(int workers)
    {
        const int records = 60_000;
        await using var broker = await MosquittoBroker.StartAsync();
        var cluster = await PostgresCluster.SharedAsync();
        var database = await cluster.CreateDatabaseAsync();
        var apps = new List<CloudApp>();
        try
        {
            for (var i = 0; i < workers; i++)
            {
                apps.Add(await CloudApp.StartAsync(new Dictionary<string, string?>
                {
                    ["Ingest:Mode"] = "External",
                    ["Ingest:BrokerPort"] = broker.Port.ToString(CultureInfo.InvariantCulture),
                    ["Ingest:ClientId"] = $"load-worker-{i}",
                    ["Storage:Provider"] = "PostgreSql",
                    ["Storage:ConnectionString"] = database,
                }));
            }

            await Eventually.WaitAsync(() => apps.All(a => a.Services.GetRequiredService<ExternalIngestClient>().IsSubscribed), TimeSpan.FromSeconds(30), "workers subscribed");
            var envelopes = Build(records, DateTimeOffset.UtcNow.AddHours(-2));
            var payloads = envelopes.Select(e => (Topic: UplinkTopics.For(e.GatewayId, e.Message.Kind), Payload: JsonSerializer.SerializeToUtf8Bytes(e, ContractsJsonContext.Default.UplinkEnvelope))).ToList();
            using var publisher = new MqttClientFactory().CreateMqttClient();
            var publisherOptions = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithProtocolVersion(MqttProtocolVersion.V500)
                .WithClientId("load-publisher").WithCleanStart(true).WithTimeout(TimeSpan.FromMinutes(3)).Build();
            // TOOLCHAIN.md: the default 8 KiB buffer stalls a high-rate publisher on loopback.
            ((MqttClientTcpOptions)publisherOptions.ChannelOptions).BufferSize = 1 << 20;
            await publisher.ConnectAsync(publisherOptions);

            var metrics = apps.Select(a => a.Services.GetRequiredService<IngestMetrics>()).ToList();
            var clock = Stopwatch.StartNew();
            // A window of 500 in flight: the broker's Receive Maximum (max_inflight_messages 1000) must not be exceeded.
            using var window = new SemaphoreSlim(500);
            var publishing = payloads.Select(async p =>
            {
                await window.WaitAsync();
                try
                {
                    await publisher.PublishAsync(new MqttApplicationMessageBuilder()
                        .WithTopic(p.Topic).WithPayload(p.Payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
                }
                finally
                {
                    window.Release();
                }
            }).ToList();
            await Task.WhenAll(publishing);
            var published = clock.Elapsed;
            await Eventually.WaitAsync(() => metrics.Sum(m => m.Stored + m.Duplicates) >= records, TimeSpan.FromMinutes(5), "every record stored");
            clock.Stop();

            var stored = await apps[0].Services.GetRequiredService<ICloudStore>().CountRecordsAsync(default);
            Assert.Equal(records, stored);
            output.WriteLine($"mosquitto -> {workers} worker(s) -> PostgreSQL: {records} records in {clock.Elapsed.TotalSeconds:0.00} s = {records / clock.Elapsed.TotalSeconds:0} records/s "
                + $"(publisher done after {published.TotalSeconds:0.00} s; per worker: {string.Join(", ", metrics.Select(m => m.Received))})");
            await publisher.DisconnectAsync();
        }
        finally
        {
            foreach (var app in apps)
            {
                await app.DisposeAsync();
            }
        }
    }

    private static List<UplinkEnvelope> Build(int count, DateTimeOffset start)
    {
        var list = new List<UplinkEnvelope>(count);
        for (var i = 0; i < count; i++)
        {
            var gateway = i % 20;
            var sequence = (i / 20) + 1;
            list.Add(Wrap($"plant-{gateway}", sequence, Summary($"m-{gateway}-{i % 5}", start.AddSeconds(sequence), 60 + (i % 10)), start.AddSeconds(sequence)));
        }

        return list;
    }
}
