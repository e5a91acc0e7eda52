namespace Edge.Kernel;

/// <summary>
/// Count, mean, min, max and population standard deviation in one pass (Welford's method), so a window keeps
/// five numbers per sensor instead of its readings. <see cref="Merge"/> combines two windows exactly (Chan et al.).
/// </summary>
public struct RunningStatistics
{
    private double _m2;

    public long Count { get; private set; }

    public double Mean { get; private set; }

    public double Min { get; private set; }

    public double Max { get; private set; }

    public readonly double Variance => Count > 0 ? _m2 / Count : 0;

    public readonly double StandardDeviation => Math.Sqrt(Variance);

    public void Add(double value)
    {
        if (Count == 0)
        {
            Min = value;
            Max = value;
        }
        else
        {
            Min = Math.Min(Min, value);
            Max = Math.Max(Max, value);
        }

        Count++;
        var delta = value - Mean;
        Mean += delta / Count;
        _m2 += delta * (value - Mean);
    }

    public static RunningStatistics FromSummary(long count, double mean, double min, double max, double standardDeviation) =>
        new() { Count = count, Mean = mean, Min = min, Max = max, _m2 = standardDeviation * standardDeviation * count };

    public static RunningStatistics Merge(in RunningStatistics a, in RunningStatistics b)
    {
        if (a.Count == 0)
        {
            return b;
        }

        if (b.Count == 0)
        {
            return a;
        }

        var count = a.Count + b.Count;
        var delta = b.Mean - a.Mean;
        return new RunningStatistics
        {
            Count = count,
            Mean = a.Mean + (delta * b.Count / count),
            Min = Math.Min(a.Min, b.Min),
            Max = Math.Max(a.Max, b.Max),
            _m2 = a._m2 + b._m2 + (delta * delta * a.Count * b.Count / count),
        };
    }
}
