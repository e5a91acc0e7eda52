using System.Diagnostics.Metrics;
using Edge.Cloud.Ingest;
using Edge.Cloud.Storage;
using Edge.Cloud.Tests.Infrastructure;
using Edge.TestKit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Edge.Cloud.Tests.Infrastructure.Envelopes;
using static Edge.Cloud.Tests.Infrastructure.CloudFiles;

namespace Edge.Cloud.Tests.Ingest;

/// <summary>
/// The embedded broker holds each PUBACK until its record's batch has committed, without holding the connection's
/// other publishes back: one gateway's in-flight window is committed in a few transactions, not one per record.
/// </summary>
public sealed class EmbeddedBrokerGroupCommitTests
{
    [Fact]
    public async Task PublishMany_OneGatewayWindowInFlight_CommitsInFewerTransactionsThanRecords()
    {
        await using var cloud = await CloudApp.StartAsync();
        using var batches = new BatchSizeListener(cloud.Services.GetRequiredService<IMeterFactory>());
        var database = Database(cloud);
        var metrics = cloud.Services.GetRequiredService<IngestMetrics>();
        const int Records = 200;

        // A slow disk, made deterministic: another writer holds the database while the window arrives, so the worker's
        // first commit waits and everything received meanwhile must go into the next transactions, not one each.
        await using (var publisher = await UplinkPublisher.ConnectAsync(BrokerPort(cloud)))
        {
            Task publishing;
            using (var blocker = new SqliteConnection($"Data Source={database};Pooling=False"))
            {
                blocker.Open();
                using (var begin = blocker.CreateCommand())
                {
                    begin.CommandText = "BEGIN IMMEDIATE;";
                    begin.ExecuteNonQuery();
                }

                publishing = publisher.PublishManyAsync(Enumerable.Range(1, Records).Select(i => Wrap("plant-1", i, Summary("m-1", Start.AddMinutes(i), i))));
                await Eventually.WaitAsync(() => metrics.Received >= Records, TimeSpan.FromSeconds(20), "the whole window is received");
                using var rollback = blocker.CreateCommand();
                rollback.CommandText = "ROLLBACK;";
                rollback.ExecuteNonQuery();
            }

            await publishing;
        }

        Assert.Equal(Records, await cloud.Services.GetRequiredService<ICloudStore>().CountRecordsAsync(default));
        Assert.Equal(Records, batches.Records);
        // One record per transaction would be 200 transactions; the window arrives together and is committed together.
        Assert.True(batches.Transactions <= Records / 4, $"{batches.Transactions} transactions for {Records} records");
    }


    [Fact]
    public async Task PublishMany_EachPubAck_ArrivesOnlyAfterItsRecordIsStored()
    {
        await using var cloud = await CloudApp.StartAsync();
        var database = Database(cloud);
        var missingAtPubAck = 0;

        await using (var publisher = await UplinkPublisher.ConnectAsync(BrokerPort(cloud)))
        {
            var publishes = Enumerable.Range(1, 100).Select(async i =>
            {
                await publisher.PublishAsync(Wrap("plant-1", i, Summary("m-1", Start.AddMinutes(i), i)));
                if (!IsStored(database, "plant-1", i))
                {
                    Interlocked.Increment(ref missingAtPubAck);
                }
            });
            await Task.WhenAll(publishes);
        }

        Assert.Equal(0, missingAtPubAck);
    }

    [Fact]
    public async Task PublishMany_BatchFailsToCommit_NoPubAckForItAndAResendIsStoredOnce()
    {
        await using var cloud = await CloudApp.StartAsync();
        var database = Database(cloud);
        Execute(database, "CREATE TRIGGER refuse_13 BEFORE INSERT ON records WHEN NEW.sequence = 13 BEGIN SELECT RAISE(ABORT, 'storage refused'); END;");
        var envelopes = Enumerable.Range(1, 50).Select(i => Wrap("plant-1", i, Summary("m-1", Start.AddMinutes(i), i))).ToList();

        await using (var publisher = await UplinkPublisher.ConnectAsync(BrokerPort(cloud)))
        {
            var refused = envelopes.Where(e => e.Sequence == 13).Select(publisher.PublishAsync).Single();
            await Assert.ThrowsAnyAsync<Exception>(() => refused);
        }

        Assert.False(IsStored(database, "plant-1", 13));
        Execute(database, "DROP TRIGGER refuse_13;");
        await using (var publisher = await UplinkPublisher.ConnectAsync(BrokerPort(cloud), "test-publisher-2"))
        {
            await publisher.PublishManyAsync(envelopes);
            await publisher.PublishManyAsync(envelopes.Take(10));
        }

        Assert.Equal(envelopes.Count, await cloud.Services.GetRequiredService<ICloudStore>().CountRecordsAsync(default));
        var summaries = await cloud.Services.GetRequiredService<ICloudStore>().GetSummariesAsync("m-1", Start, Start.AddDays(1), default);
        Assert.Equal(envelopes.Count, summaries.Select(s => s.Sequence).Distinct().Count());
        Assert.Equal(envelopes.Count, summaries.Count);
    }

    /// <summary>Listens to one cloud's records-per-transaction histogram.</summary>
    private sealed class BatchSizeListener : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _transactions;
        private long _records;

        public BatchSizeListener(IMeterFactory meterFactory)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                // Only this cloud's meter: other tests' clouds run in parallel in the same process.
                if (instrument.Meter.Scope == meterFactory && instrument.Meter.Name == IngestMetrics.MeterName && instrument.Name == "edge.cloud.ingest.batch_size")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<int>((_, value, _, _) =>
            {
                Interlocked.Increment(ref _transactions);
                Interlocked.Add(ref _records, value);
            });
            _listener.Start();
        }

        public long Transactions => Interlocked.Read(ref _transactions);

        public long Records => Interlocked.Read(ref _records);

        public void Dispose() => _listener.Dispose();
    }
}
