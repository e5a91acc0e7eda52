using System.Text;
using Edge.Cloud.Ingest;
using Edge.Cloud.Storage;
using Edge.Cloud.Tests.Infrastructure;
using Edge.Contracts;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Edge.Cloud.Tests.Infrastructure.Envelopes;
using static Edge.Cloud.Tests.Infrastructure.CloudFiles;

namespace Edge.Cloud.Tests.Ingest;

/// <summary>
/// Batched uplink publishes (<see cref="UplinkBatch"/>) through the embedded broker into SQLite: every record stored
/// once, the batch's PUBACK only after all of its records are stored, refusals counted.
/// </summary>
public sealed class BatchIngestTests
{
    [Fact]
    public async Task PublishBatch_HundredRecords_EveryRecordStoredOnceBeforeThePubAck()
    {
        await using var cloud = await CloudApp.StartAsync();
        var envelopes = Summaries("plant-1", 1, 100);
        var missingAtPubAck = 0;

        await using (var publisher = await UplinkPublisher.ConnectAsync(BrokerPort(cloud)))
        {
            await Task.WhenAll(envelopes.Chunk(25).Select(async chunk =>
            {
                await publisher.PublishBatchAsync("plant-1", chunk);
                Interlocked.Add(ref missingAtPubAck, chunk.Count(e => !IsStored(Database(cloud), "plant-1", e.Sequence)));
            }));
        }

        Assert.Equal(0, missingAtPubAck);
        Assert.Equal(100, await Store(cloud).CountRecordsAsync(default));
        Assert.Equal(100, (await Store(cloud).GetSummariesAsync("m-1", Start, Start.AddDays(1), default)).Count);
        Assert.Equal(100, Metrics(cloud).Received);
        Assert.Equal(100, Metrics(cloud).Stored);
    }

    [Fact]
    public async Task PublishBatch_PubAckLostThenWholeBatchResent_StoredOnce()
    {
        await using var cloud = await CloudApp.StartAsync();
        Execute(Database(cloud), "CREATE TRIGGER refuse_13 BEFORE INSERT ON records WHEN NEW.sequence = 13 BEGIN SELECT RAISE(ABORT, 'storage refused'); END;");
        var envelopes = Summaries("plant-1", 1, 40);

        await using (var publisher = await UplinkPublisher.ConnectAsync(BrokerPort(cloud)))
        {
            // The store refuses one record: no PUBACK for the batch that carried it, as if it had been lost.
            await Assert.ThrowsAnyAsync<Exception>(() => publisher.PublishBatchAsync("plant-1", envelopes));
        }

        Assert.False(IsStored(Database(cloud), "plant-1", 13));
        Execute(Database(cloud), "DROP TRIGGER refuse_13;");
        await using (var publisher = await UplinkPublisher.ConnectAsync(BrokerPort(cloud), "test-publisher-2"))
        {
            await publisher.PublishBatchAsync("plant-1", envelopes);
            // A second resend, regrouped (a gateway may lease differently after reconnecting).
            await publisher.PublishBatchAsync("plant-1", envelopes.Skip(5).Take(20));
        }

        Assert.Equal(40, await Store(cloud).CountRecordsAsync(default));
        var summaries = await Store(cloud).GetSummariesAsync("m-1", Start, Start.AddDays(1), default);
        Assert.Equal(40, summaries.Count);
        Assert.Equal(40, summaries.Select(s => s.Sequence).Distinct().Count());
        Assert.True(Metrics(cloud).Duplicates >= 20, $"{Metrics(cloud).Duplicates} duplicates counted");
    }

    [Fact]
    public async Task PublishMixed_OldGatewaySinglesAndNewGatewayBatches_BothStoredCompletely()
    {
        await using var cloud = await CloudApp.StartAsync();
        var old = Summaries("plant-old", 1, 60);
        var batching = Summaries("plant-new", 1, 60);

        await using (var oldGateway = await UplinkPublisher.ConnectAsync(BrokerPort(cloud), "edge-gateway-plant-old"))
        await using (var newGateway = await UplinkPublisher.ConnectAsync(BrokerPort(cloud), "edge-gateway-plant-new"))
        {
            await Task.WhenAll(
                oldGateway.PublishManyAsync(old),
                Task.WhenAll(batching.Chunk(20).Select(chunk => newGateway.PublishBatchAsync("plant-new", chunk))));
        }

        Assert.Equal(120, await Store(cloud).CountRecordsAsync(default));
        Assert.All(old.Concat(batching), e => Assert.True(IsStored(Database(cloud), e.GatewayId, e.Sequence), $"{e.GatewayId}/{e.Sequence} missing"));
        Assert.Equal(0, Metrics(cloud).Rejected);
    }

    [Fact]
    public async Task PublishBatch_MalformedJson_CountedAsRefusedBatchAndAcknowledged()
    {
        await using var cloud = await CloudApp.StartAsync();

        await using (var publisher = await UplinkPublisher.ConnectAsync(BrokerPort(cloud)))
        {
            await publisher.PublishRawAsync(UplinkTopics.BatchFor("plant-1"), Encoding.UTF8.GetBytes("""{"schemaVersion":1,"gatewayId":"plant-1","records":[{"sequence":1,"""));
        }

        Assert.Equal(1, Metrics(cloud).RejectedBatches);
        Assert.Equal(1, Metrics(cloud).Rejected);
        Assert.Equal(0, await Store(cloud).CountRecordsAsync(default));
    }

    [Fact]
    public async Task PublishBatch_MoreRecordsThanTheLimit_RefusedAsAWholeAndCounted()
    {
        await using var cloud = await CloudApp.StartAsync();

        await using (var publisher = await UplinkPublisher.ConnectAsync(BrokerPort(cloud)))
        {
            await publisher.PublishBatchAsync("plant-1", Summaries("plant-1", 1, UplinkBatch.MaxRecords + 1));
            await publisher.PublishBatchAsync("plant-1", Summaries("plant-1", 5000, 3));
        }

        Assert.Equal(1, Metrics(cloud).RejectedBatches);
        Assert.Equal(3, await Store(cloud).CountRecordsAsync(default));
        Assert.False(IsStored(Database(cloud), "plant-1", 1));
    }

    [Fact]
    public async Task PublishBatch_OneRecordWithIdentifierShapedLabel_StoresTheOthersAndCountsIt()
    {
        await using var cloud = await CloudApp.StartAsync();
        var envelopes = Summaries("plant-1", 1, 10);
        envelopes[3] = Wrap("plant-1", 4, Summary("m-bad", Start.AddMinutes(4), 4));
        var json = Encoding.UTF8.GetString(UplinkPublisher.BatchBytes("plant-1", envelopes)).Replace("m-bad", "AA:BB:CC:DD:EE:FF", StringComparison.Ordinal);

        await using (var publisher = await UplinkPublisher.ConnectAsync(BrokerPort(cloud)))
        {
            await publisher.PublishRawAsync(UplinkTopics.BatchFor("plant-1"), Encoding.UTF8.GetBytes(json));
        }

        Assert.Equal(9, await Store(cloud).CountRecordsAsync(default));
        Assert.False(IsStored(Database(cloud), "plant-1", 4));
        Assert.Equal(1, Metrics(cloud).Rejected);
        Assert.Equal(0, Metrics(cloud).RejectedBatches);
    }

    private static UplinkEnvelope[] Summaries(string gatewayId, int first, int count) =>
        [.. Enumerable.Range(first, count).Select(i => Wrap(gatewayId, i, Summary("m-1", Start.AddMinutes(i), i)))];

    private static ICloudStore Store(CloudApp cloud) => cloud.Services.GetRequiredService<ICloudStore>();

    private static IngestMetrics Metrics(CloudApp cloud) => cloud.Services.GetRequiredService<IngestMetrics>();

}
