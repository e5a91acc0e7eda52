using Edge.Maintenance.Features;

namespace Edge.Maintenance.Tests;

public sealed class SequenceFeatureStateTests
{
    private static readonly FeatureSchema s_schema = new(["x"], new FeatureOptions { Windows = [2, 3], EwmaAlphas = [0.5] });

    [Fact]
    public void FeatureNames_TwoWindows_ListsEveryStatisticPerWindowThenEwmaThenElapsed()
    {
        Assert.Equal(
            ["x.last", "x.mean2", "x.sd2", "x.min2", "x.max2", "x.slope2", "x.mean3", "x.sd3", "x.min3", "x.max3", "x.slope3", "x.ewma0.5", "elapsed"],
            s_schema.FeatureNames);
    }

    [Fact]
    public void Features_ThreeSteps_MatchHandComputedValues()
    {
        var state = new SequenceFeatureState(s_schema);
        state.Push([1.0]);
        state.Push([2.0]);
        state.Push([4.0]);

        var f = state.Features();

        // Window 2 over (2, 4): mean 3, sample SD sqrt(2), slope 2 per step.
        Assert.Equal(4, f[0]);
        Assert.Equal(3, f[1], 5);
        Assert.Equal(Math.Sqrt(2), f[2], 5);
        Assert.Equal(2, f[3]);
        Assert.Equal(4, f[4]);
        Assert.Equal(2, f[5], 5);

        // Window 3 over (1, 2, 4): mean 7/3, SD sqrt(7/3), slope ((-1)(1-7/3) + (1)(4-7/3)) / 2 = 1.5.
        Assert.Equal(7.0 / 3, f[6], 5);
        Assert.Equal(Math.Sqrt(7.0 / 3), f[7], 5);
        Assert.Equal(1, f[8]);
        Assert.Equal(4, f[9]);
        Assert.Equal(1.5, f[10], 5);

        // EWMA 0.5 seeded with the first value: 1 -> 1.5 -> 2.75.
        Assert.Equal(2.75, f[11], 5);
        Assert.Equal(3, f[12]);
    }

    [Fact]
    public void Features_FirstStep_WindowsCoverOneValueWithZeroSpreadAndSlope()
    {
        var state = new SequenceFeatureState(s_schema);
        state.Push([5.0]);

        var f = state.Features();

        Assert.Equal([5f, 5f, 0f, 5f, 5f, 0f, 5f, 0f, 5f, 5f, 0f, 5f, 1f], f);
    }

    [Fact]
    public void Features_MoreStepsThanLongestWindow_ForgetsOldValues()
    {
        var state = new SequenceFeatureState(s_schema);
        foreach (var value in new[] { 100.0, 1, 2, 3 })
        {
            state.Push([value]);
        }

        var f = state.Features();

        Assert.Equal(2, f[6], 5);
        Assert.Equal(3, f[9]);
        Assert.Equal(4, f[12]);
    }

    [Fact]
    public void Push_NonFiniteValue_Throws()
    {
        var state = new SequenceFeatureState(s_schema);

        Assert.Throws<ArgumentException>(() => state.Push([double.NaN]));
    }

    [Fact]
    public void Clone_ThenBothAdvance_CopyMatchesOriginalAndIsIndependent()
    {
        var state = new SequenceFeatureState(s_schema);
        state.Push([1.0]);
        state.Push([2.0]);
        var copy = state.Clone();

        state.Push([4.0]);
        copy.Push([4.0]);
        Assert.Equal(state.Features(), copy.Features());

        copy.Push([100.0]);
        Assert.Equal(4, state.Features()[0]);
        Assert.Equal(100, copy.Features()[0]);
    }

    [Fact]
    public void Features_ElapsedOffset_IsAddedToTheElapsedCountOnly()
    {
        var plain = new SequenceFeatureState(s_schema);
        var primed = new SequenceFeatureState(s_schema) { ElapsedOffset = 37 };
        foreach (var value in new[] { 1.0, 2.0, 4.0 })
        {
            plain.Push([value]);
            primed.Push([value]);
        }

        var expected = plain.Features();
        var actual = primed.Features();
        Assert.Equal(expected[..^1], actual[..^1]);
        Assert.Equal(3 + 37, actual[^1]);
    }
}
