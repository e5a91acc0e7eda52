namespace Edge.Cloud.Ingest;

/// <summary>Counts of the ingest path, for <c>/healthz</c> details and tests.</summary>
public sealed class IngestMetrics
{
    private long _received;
    private long _stored;
    private long _duplicates;
    private long _rejected;

    public long Received => Interlocked.Read(ref _received);

    public long Stored => Interlocked.Read(ref _stored);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Rejected => Interlocked.Read(ref _rejected);

    public void OnReceived() => Interlocked.Increment(ref _received);

    public void OnStored(int stored, int duplicates)
    {
        Interlocked.Add(ref _stored, stored);
        Interlocked.Add(ref _duplicates, duplicates);
    }

    public void OnRejected() => Interlocked.Increment(ref _rejected);
}
