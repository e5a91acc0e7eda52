using Edge.Ingest.Telemetry;
using Edge.Kernel;

namespace Edge.Ingest.Tests.Telemetry;

public sealed class RunningStatisticsTests
{
    [Fact]
    public void Add_FourValues_MatchesHandComputedStatistics()
    {
        // 2, 4, 4, 5: mean 3.75, population variance ((1.75^2)+(0.25^2)*2+(1.25^2))/4 = 1.1875.
        var statistics = new RunningStatistics();
        foreach (var value in new[] { 2.0, 4.0, 4.0, 5.0 })
        {
            statistics.Add(value);
        }

        Assert.Equal(4, statistics.Count);
        Assert.Equal(3.75, statistics.Mean, 12);
        Assert.Equal(2.0, statistics.Min);
        Assert.Equal(5.0, statistics.Max);
        Assert.Equal(Math.Sqrt(1.1875), statistics.StandardDeviation, 12);
    }

    [Fact]
    public void Merge_TwoHalves_EqualsOnePass()
    {
        var values = new[] { 10.5, -3.0, 7.25, 8.0, 0.0, 12.0, 4.5 };
        var whole = new RunningStatistics();
        var first = new RunningStatistics();
        var second = new RunningStatistics();
        for (var i = 0; i < values.Length; i++)
        {
            whole.Add(values[i]);
            if (i < 3)
            {
                first.Add(values[i]);
            }
            else
            {
                second.Add(values[i]);
            }
        }

        var merged = RunningStatistics.Merge(first, second);

        Assert.Equal(whole.Count, merged.Count);
        Assert.Equal(whole.Mean, merged.Mean, 12);
        Assert.Equal(whole.StandardDeviation, merged.StandardDeviation, 12);
        Assert.Equal(whole.Min, merged.Min);
        Assert.Equal(whole.Max, merged.Max);
    }
}
