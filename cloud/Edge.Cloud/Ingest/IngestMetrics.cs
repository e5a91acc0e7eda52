using System.Diagnostics.Metrics;

namespace Edge.Cloud.Ingest;

/// <summary>Counts of the ingest path: exported to Prometheus (<c>/metrics</c>) and shown by <c>/api/ingest</c>.</summary>
public sealed class IngestMetrics
{
    public const string MeterName = "Edge.Cloud.Ingest";

    private readonly Counter<long> _receivedCounter;
    private readonly Counter<long> _storedCounter;
    private readonly Counter<long> _duplicatesCounter;
    private readonly Counter<long> _rejectedCounter;
    private readonly Counter<long> _rejectedBatchesCounter;
    private readonly Counter<long> _forgedCounter;
    private readonly Counter<long> _refusedConnectionsCounter;
    private readonly Counter<long> _unauthorizedPublishesCounter;
    private readonly Histogram<int> _batchSize;
    private long _forged;
    private long _refusedConnections;
    private long _unauthorizedPublishes;
    private long _received;
    private long _stored;
    private long _duplicates;
    private long _rejected;
    private long _rejectedBatches;

    public IngestMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _receivedCounter = meter.CreateCounter<long>("edge.cloud.ingest.received", "{record}", "Uplink records received from gateways");
        _storedCounter = meter.CreateCounter<long>("edge.cloud.ingest.stored", "{record}", "Records stored for the first time");
        _duplicatesCounter = meter.CreateCounter<long>("edge.cloud.ingest.duplicates", "{record}", "Records already stored (resent after a lost acknowledgement)");
        _rejectedCounter = meter.CreateCounter<long>("edge.cloud.ingest.rejected", "{record}", "Malformed or unsupported records rejected");
        _rejectedBatchesCounter = meter.CreateCounter<long>("edge.cloud.ingest.rejected_batches", "{batch}", "Uplink batches refused as a whole (malformed, too large, unsupported)");
        _forgedCounter = meter.CreateCounter<long>("edge.cloud.ingest.forged", "{record}", "Records naming another gateway than the one that sent them (also counted as rejected)");
        _refusedConnectionsCounter = meter.CreateCounter<long>("edge.cloud.ingest.refused_connections", "{connection}", "Broker connections refused: bad credentials, another gateway's client id, or throttled");
        _unauthorizedPublishesCounter = meter.CreateCounter<long>("edge.cloud.ingest.unauthorized_publishes", "{publish}", "Publishes refused because the topic is not the sender's own");
        _batchSize = meter.CreateHistogram<int>("edge.cloud.ingest.batch_size", "{record}", "Records per store transaction");
    }

    public long Received => Interlocked.Read(ref _received);

    public long Stored => Interlocked.Read(ref _stored);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Batches refused as a whole; each is also one of <see cref="Rejected"/>.</summary>
    public long RejectedBatches => Interlocked.Read(ref _rejectedBatches);

    /// <summary>Records refused because they name another gateway than their sender; each is also one of <see cref="Rejected"/>.</summary>
    public long Forged => Interlocked.Read(ref _forged);

    public long RefusedConnections => Interlocked.Read(ref _refusedConnections);

    public long UnauthorizedPublishes => Interlocked.Read(ref _unauthorizedPublishes);

    public void OnForged(int records)
    {
        Interlocked.Add(ref _forged, records);
        _forgedCounter.Add(records);
    }

    public void OnConnectionRefused()
    {
        Interlocked.Increment(ref _refusedConnections);
        _refusedConnectionsCounter.Add(1);
    }

    public void OnUnauthorizedPublish()
    {
        Interlocked.Increment(ref _unauthorizedPublishes);
        _unauthorizedPublishesCounter.Add(1);
    }

    public void OnReceived(int records)
    {
        Interlocked.Add(ref _received, records);
        _receivedCounter.Add(records);
    }

    public void OnStored(int stored, int duplicates)
    {
        Interlocked.Add(ref _stored, stored);
        Interlocked.Add(ref _duplicates, duplicates);
        _storedCounter.Add(stored);
        _duplicatesCounter.Add(duplicates);
        _batchSize.Record(stored + duplicates);
    }

    public void OnRejected(int records)
    {
        Interlocked.Add(ref _rejected, records);
        _rejectedCounter.Add(records);
    }

    public void OnBatchRejected()
    {
        Interlocked.Increment(ref _rejectedBatches);
        _rejectedBatchesCounter.Add(1);
    }
}
