using System.Globalization;
using System.Text;
using Edge.Cloud.Ingest;
using Edge.Cloud.Storage;
using Edge.Cloud.Tests.Infrastructure;
using Edge.TestKit;
using Microsoft.Extensions.DependencyInjection;
using static Edge.Cloud.Tests.Infrastructure.Envelopes;

namespace Edge.Cloud.Tests.Ingest;

[Trait("Needs", "mosquitto")]
public sealed class SharedSubscriptionIngestTests
{
    [NeedsFact("mosquitto")]
    public async Task TwoExternalWorkers_RecordsWithResendsAndGarbage_StoreEveryRecordExactlyOnce()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var folder = Path.Combine(Path.GetTempPath(), $"edge-cloud-shared-{Guid.NewGuid():N}");
        await using var first = await CloudApp.StartAsync(WorkerSettings(broker.Port, "worker-1"), folder);
        await using var second = await CloudApp.StartAsync(WorkerSettings(broker.Port, "worker-2"), folder);
        await WaitConnectedAsync(first, second);

        const int gateways = 4;
        const int perGateway = 500;
        var envelopes = new List<Edge.Contracts.UplinkEnvelope>();
        for (var gateway = 0; gateway < gateways; gateway++)
        {
            for (var sequence = 1; sequence <= perGateway; sequence++)
            {
                envelopes.Add(Wrap($"plant-{gateway}", sequence, Summary($"m-{gateway}", Start.AddMinutes(sequence), sequence)));
            }
        }

        await using (var publisher = await UplinkPublisher.ConnectAsync(broker.Port))
        {
            await publisher.PublishManyAsync(envelopes);
            // A gateway that lost PUBACKs resends; a broken client sends garbage and a message from the future.
            await publisher.PublishManyAsync(envelopes.Where((_, i) => i % 10 == 0));
            await publisher.PublishRawAsync("edge/v1/plant-0/machine-summary", Encoding.UTF8.GetBytes("{not json"));
            await publisher.PublishRawAsync("edge/v99/plant-0/machine-summary", Encoding.UTF8.GetBytes(
                """{"schemaVersion":99,"gatewayId":"plant-0","sequence":9999,"committedAt":"2026-11-29T08:00:00Z","message":{"kind":"gateway-health","version":"9","uptime":"00:01:00"}}"""));
        }

        var metrics = new[] { Metrics(first), Metrics(second) };
        var expectedReceived = envelopes.Count + (envelopes.Count / 10) + 2;
        await Eventually.WaitAsync(() => metrics.Sum(m => m.Received) == expectedReceived && metrics.Sum(m => m.Stored + m.Duplicates + m.Rejected) == expectedReceived,
            TimeSpan.FromSeconds(60), "both workers to process every message");

        var store = first.Services.GetRequiredService<ICloudStore>();
        Assert.Equal(gateways * perGateway, await store.CountRecordsAsync(default));
        for (var gateway = 0; gateway < gateways; gateway++)
        {
            var rows = await store.GetSummariesAsync($"m-{gateway}", Start, Start.AddDays(1), default);
            Assert.Equal(perGateway, rows.Count);
            Assert.Equal(perGateway, rows.Select(r => r.Sequence).Distinct().Count());
        }

        Assert.Equal(2, metrics.Sum(m => m.Rejected));
        Assert.Equal(envelopes.Count / 10, metrics.Sum(m => m.Duplicates));
        // The broker split the stream: each worker took a share.
        Assert.All(metrics, m => Assert.True(m.Received > 0, "a worker received nothing"));
    }

    [NeedsFact("mosquitto")]
    public async Task OlderGatewayPayload_WithoutOptionalFields_IsIngested()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var worker = await CloudApp.StartAsync(WorkerSettings(broker.Port, "worker-old"));
        await WaitConnectedAsync(worker);

        await using (var publisher = await UplinkPublisher.ConnectAsync(broker.Port))
        {
            // As the first gateway release wrote it: no clockSynchronized, mergedWindows, unit or warnings; an unknown extra field.
            await publisher.PublishRawAsync("edge/v1/plant-9/machine-summary", Encoding.UTF8.GetBytes("""
                {"schemaVersion":1,"gatewayId":"plant-9","sequence":1,"committedAt":"2026-11-29T08:01:00Z","extra":"ignored",
                 "message":{"kind":"machine-summary","machineId":"old-press","windowStart":"2026-11-29T08:00:00Z","windowEnd":"2026-11-29T08:01:00Z",
                 "sensors":[{"sensor":"temperature","count":3,"mean":50.5,"min":50,"max":51,"standardDeviation":0.4}]}}
                """));
        }

        var store = worker.Services.GetRequiredService<ICloudStore>();
        await Eventually.WaitAsync(async () => (await store.GetMachinesAsync(default)).Count == 1, TimeSpan.FromSeconds(20), "the old payload to be stored");
        Assert.Equal(50.5, (await store.GetMachinesAsync(default))[0].LatestMeans["temperature"]);
        Assert.Equal(0, Metrics(worker).Rejected);
    }

    private static Dictionary<string, string?> WorkerSettings(int brokerPort, string clientId) => new()
    {
        ["Ingest:Mode"] = "External",
        ["Ingest:BrokerPort"] = brokerPort.ToString(CultureInfo.InvariantCulture),
        ["Ingest:ClientId"] = clientId,
        ["Ingest:ReconnectDelay"] = "00:00:00.200",
        ["Cloud:RequireLogin"] = "false",
    };

    private static IngestMetrics Metrics(CloudApp app) => app.Services.GetRequiredService<IngestMetrics>();

    private static Task WaitConnectedAsync(params CloudApp[] apps) =>
        Eventually.WaitAsync(() => apps.All(a => a.Services.GetRequiredService<ExternalIngestClient>().IsSubscribed),
            TimeSpan.FromSeconds(20), "every ingest worker to connect and subscribe");
}
