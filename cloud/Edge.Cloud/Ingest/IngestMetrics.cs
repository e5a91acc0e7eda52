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
    private readonly Histogram<int> _batchSize;
    private long _received;
    private long _stored;
    private long _duplicates;
    private long _rejected;

    public IngestMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _receivedCounter = meter.CreateCounter<long>("edge.cloud.ingest.received", "{record}", "Uplink records received from gateways");
        _storedCounter = meter.CreateCounter<long>("edge.cloud.ingest.stored", "{record}", "Records stored for the first time");
        _duplicatesCounter = meter.CreateCounter<long>("edge.cloud.ingest.duplicates", "{record}", "Records already stored (resent after a lost acknowledgement)");
        _rejectedCounter = meter.CreateCounter<long>("edge.cloud.ingest.rejected", "{record}", "Malformed or unsupported records rejected");
        _batchSize = meter.CreateHistogram<int>("edge.cloud.ingest.batch_size", "{record}", "Records per store transaction");
    }

    public long Received => Interlocked.Read(ref _received);

    public long Stored => Interlocked.Read(ref _stored);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Rejected => Interlocked.Read(ref _rejected);

    public void OnReceived()
    {
        Interlocked.Increment(ref _received);
        _receivedCounter.Add(1);
    }

    public void OnStored(int stored, int duplicates)
    {
        Interlocked.Add(ref _stored, stored);
        Interlocked.Add(ref _duplicates, duplicates);
        _storedCounter.Add(stored);
        _duplicatesCounter.Add(duplicates);
        _batchSize.Record(stored + duplicates);
    }

    public void OnRejected()
    {
        Interlocked.Increment(ref _rejected);
        _rejectedCounter.Add(1);
    }
}
