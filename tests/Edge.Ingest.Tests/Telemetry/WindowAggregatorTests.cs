using Edge.Ingest.Telemetry;
using Edge.Kernel;

namespace Edge.Ingest.Tests.Telemetry;

public sealed class WindowAggregatorTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 29, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Close_TwoMachines_SummarizesEachSensorAndResets()
    {
        var aggregator = new WindowAggregator(TimeSpan.FromMinutes(1));
        foreach (var value in new[] { 10.0, 20.0, 30.0 })
        {
            aggregator.Add(new Reading("m1", "temperature", value, s_start));
        }

        aggregator.Add(new Reading("m2", "current", 5.0, s_start));
        aggregator.Add(new Reading("m2", "current", 99.0, s_start, ReadingQuality.Stuck));

        var summaries = aggregator.Close(s_start);

        Assert.Equal(2, summaries.Count);
        var temperature = Assert.Single(summaries[0].Sensors);
        Assert.Equal(("m1", "temperature", 3L, 20.0, 10.0, 30.0), (summaries[0].MachineId, temperature.Sensor, temperature.Count, temperature.Mean, temperature.Min, temperature.Max));
        Assert.Equal(Math.Sqrt(200.0 / 3), temperature.StandardDeviation, 12);
        Assert.Equal(s_start.AddMinutes(1), summaries[0].WindowEnd);
        var current = Assert.Single(summaries[1].Sensors);
        Assert.Equal(1, current.Count); // The stuck reading is not in the statistics.
        Assert.Empty(aggregator.Close(s_start.AddMinutes(1)));
    }

    [Fact]
    public void WindowStartFor_TimeInsideWindow_AlignsToWindowLength()
    {
        var aggregator = new WindowAggregator(TimeSpan.FromSeconds(10));

        Assert.Equal(s_start.AddSeconds(20), aggregator.WindowStartFor(s_start.AddSeconds(29.9)));
    }
}
