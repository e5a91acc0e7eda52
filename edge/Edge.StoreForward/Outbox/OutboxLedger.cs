using Edge.Contracts;

namespace Edge.StoreForward.Outbox;

/// <summary>
/// In-memory per-class counters of the outbox: backlog rows, source records and bytes (loaded from the file at start),
/// and every deliberate loss by class and reason since start. Not thread-safe: the outbox updates it under its lock.
/// </summary>
internal sealed class OutboxLedger
{
    public const int ClassCount = 4;
    private static readonly int s_reasonCount = Enum.GetValues<DropReason>().Length;

    private readonly long[] _records = new long[ClassCount];
    private readonly long[] _weights = new long[ClassCount];
    private readonly long[] _bytes = new long[ClassCount];
    private readonly long[] _merged = new long[ClassCount];
    private readonly long[,] _dropped = new long[ClassCount, s_reasonCount];

    public long TotalBytes { get; private set; }

    public long TotalRecords { get; private set; }

    public void Added(PriorityClass priority, long weight, long bytes)
    {
        var index = (int)priority;
        _records[index]++;
        _weights[index] += weight;
        _bytes[index] += bytes;
        TotalRecords++;
        TotalBytes += bytes;
    }

    public void Removed(PriorityClass priority, long weight, long bytes)
    {
        var index = (int)priority;
        _records[index]--;
        _weights[index] -= weight;
        _bytes[index] -= bytes;
        TotalRecords--;
        TotalBytes -= bytes;
    }

    public void Dropped(PriorityClass priority, DropReason reason, long weight) => _dropped[(int)priority, (int)reason] += weight;

    public void Merged(PriorityClass priority, long windows) => _merged[(int)priority] += windows;

    public long Records(PriorityClass priority) => _records[(int)priority];

    public long Weight(PriorityClass priority) => _weights[(int)priority];

    public long Bytes(PriorityClass priority) => _bytes[(int)priority];

    public long MergedWindows(PriorityClass priority) => _merged[(int)priority];

    public long DroppedCount(PriorityClass priority, DropReason reason) => _dropped[(int)priority, (int)reason];

    public long DroppedTotal()
    {
        long total = 0;
        foreach (var value in _dropped)
        {
            total += value;
        }

        return total;
    }
}
