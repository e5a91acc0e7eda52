namespace Edge.Sensing;

/// <summary>
/// How late samples start against their schedule, over the most recent samples of one sensor. Written by the bus's sampling
/// loop, read by the API; a small lock keeps the two apart.
/// </summary>
internal sealed class JitterStatistics
{
    private const int Capacity = 1024;
    private readonly double[] _recentMilliseconds = new double[Capacity];
    private readonly Lock _lock = new();
    private int _next;
    private int _count;
    private long _total;
    private double _maximum;

    public void Record(TimeSpan lateness)
    {
        var milliseconds = lateness.TotalMilliseconds;
        lock (_lock)
        {
            _recentMilliseconds[_next] = milliseconds;
            _next = (_next + 1) % Capacity;
            _count = Math.Min(_count + 1, Capacity);
            _total++;
            _maximum = Math.Max(_maximum, milliseconds);
        }
    }

    public JitterSummary Summarize()
    {
        double[] recent;
        long total;
        double maximum;
        lock (_lock)
        {
            recent = _recentMilliseconds[.._count];
            total = _total;
            maximum = _maximum;
        }

        if (recent.Length == 0)
        {
            return new JitterSummary(0, 0, 0, 0, 0);
        }

        Array.Sort(recent);
        return new JitterSummary(
            total,
            recent.Average(),
            recent[(int)((recent.Length - 1) * 0.5)],
            recent[(int)((recent.Length - 1) * 0.99)],
            maximum);
    }
}
