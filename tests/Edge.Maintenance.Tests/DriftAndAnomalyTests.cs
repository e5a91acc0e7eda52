using Edge.Maintenance.Anomaly;
using Edge.Maintenance.Drift;
using Edge.Maintenance.Models;

namespace Edge.Maintenance.Tests;

public sealed class DriftAndAnomalyTests
{
    [Fact]
    public void Between_ShiftedShares_MatchesHandValue()
    {
        // (0.9 - 0.5) ln(0.9/0.5) + (0.1 - 0.5) ln(0.1/0.5)
        var expected = (0.4 * Math.Log(1.8)) + (-0.4 * Math.Log(0.2));

        Assert.Equal(expected, PopulationStability.Between([0.5, 0.5], [0.9, 0.1]), 9);
    }

    [Fact]
    public void FromValues_Uniform_HasDecileEdgesAndEqualShares()
    {
        var histogram = FeatureHistogram.FromValues("x", [.. Enumerable.Range(0, 1000).Select(i => (double)i)]);

        Assert.Equal([100.0, 200, 300, 400, 500, 600, 700, 800, 900], histogram.Edges);
        Assert.All(histogram.Fractions, share => Assert.Equal(0.1, share, 9));
        Assert.Equal(0, histogram.BinOf(-5));
        Assert.Equal(1, histogram.BinOf(100));
        Assert.Equal(9, histogram.BinOf(5000));
    }

    [Fact]
    public void Index_SameDistribution_StaysLowAndShiftedExceedsThreshold()
    {
        var reference = FeatureHistogram.FromValues("x", [.. Enumerable.Range(0, 1000).Select(i => (double)i)]);
        var same = new PopulationStability(reference, window: 100);
        var shifted = new PopulationStability(reference, window: 100);

        for (var i = 0; i < 100; i++)
        {
            same.Add(i * 10);
            shifted.Add(800 + (i * 2));
        }

        Assert.True(same.Index() < 0.01, $"PSI {same.Index()}");
        Assert.True(shifted.Index() > PopulationStability.DriftThreshold, $"PSI {shifted.Index()}");
    }

    [Fact]
    public void Add_SuddenJump_IsAnomalous()
    {
        var detector = new StreamingAnomalyDetector(new AnomalyOptions());
        for (var i = 0; i < 50; i++)
        {
            Assert.False(detector.Add(10 + (i % 2 == 0 ? 0.1 : -0.1)).IsAnomalous);
        }

        var score = detector.Add(12);

        Assert.True(score.IsAnomalous);
        Assert.True(score.ZScore > 4);
    }

    [Fact]
    public void Add_SlowDrift_CusumFlagsBeforeZScoreWould()
    {
        var detector = new StreamingAnomalyDetector(new AnomalyOptions());
        for (var i = 0; i < 50; i++)
        {
            detector.Add(10 + (i % 2 == 0 ? 0.1 : -0.1));
        }

        // A steady shift of 1.5 standard deviations: never 4 sigma, but the CUSUM accumulates it.
        AnomalyScore score = default;
        var steps = 0;
        while (!score.IsAnomalous && steps < 50)
        {
            score = detector.Add(10.15 + (steps % 2 == 0 ? 0.1 : -0.1));
            steps++;
        }

        Assert.True(score.IsAnomalous, "CUSUM never fired");
        Assert.True(Math.Abs(score.ZScore) < 4);
        Assert.True(score.Cusum >= 8);
    }
}
