using Edge.StoreForward.Outbox;

namespace Edge.StoreForward.Tests.Outbox;

public sealed class SummaryMergerTests
{
    [Fact]
    public void Merge_TwoWindows_EqualsOnePassOverAllReadings()
    {
        var window = TimeSpan.FromMinutes(1);
        double[] first = [70.1, 71.3, 69.8, 75.0];
        double[] second = [80.2, 66.6, 71.0];
        var merged = SummaryMerger.Merge(
            OutboxTestKit.Summary("press-01", OutboxTestKit.Start, window, first),
            OutboxTestKit.Summary("press-01", OutboxTestKit.Start + window, window, second));

        var whole = OutboxTestKit.Summary("press-01", OutboxTestKit.Start, window * 2, [.. first, .. second]);

        var sensor = Assert.Single(merged.Sensors);
        var expected = whole.Sensors[0];
        Assert.Equal(expected.Count, sensor.Count);
        Assert.Equal(expected.Mean, sensor.Mean, 12);
        Assert.Equal(expected.Min, sensor.Min);
        Assert.Equal(expected.Max, sensor.Max);
        Assert.Equal(expected.StandardDeviation, sensor.StandardDeviation, 12);
        Assert.Equal(OutboxTestKit.Start, merged.WindowStart);
        Assert.Equal(OutboxTestKit.Start + (window * 2), merged.WindowEnd);
        Assert.Equal(2, merged.MergedWindows);
    }

    [Fact]
    public void Merge_DifferentMachines_Throws()
    {
        var window = TimeSpan.FromMinutes(1);
        Assert.Throws<ArgumentException>(() => SummaryMerger.Merge(
            OutboxTestKit.Summary("press-01", OutboxTestKit.Start, window, 1),
            OutboxTestKit.Summary("press-02", OutboxTestKit.Start, window, 1)));
    }
}
