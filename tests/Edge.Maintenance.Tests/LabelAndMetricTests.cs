using Edge.Maintenance.Labels;
using Edge.Maintenance.Metrics;

namespace Edge.Maintenance.Tests;

public sealed class LabelAndMetricTests
{
    [Theory]
    [InlineData(1, 200, 125)]
    [InlineData(75, 200, 125)]
    [InlineData(150, 200, 50)]
    [InlineData(200, 200, 0)]
    public void Capped_CycleAndFailure_IsPiecewiseLinear(int cycle, int failure, double expected)
    {
        Assert.Equal(expected, RemainingLifeLabel.Capped(cycle, failure));
    }

    [Fact]
    public void Capped_CustomCap_UsesIt()
    {
        Assert.Equal(130, RemainingLifeLabel.Capped(1, 300, cap: 130));
    }

    [Fact]
    public void FailsWithin_Horizon_IsInclusive()
    {
        Assert.True(RemainingLifeLabel.FailsWithin(170, 200, 30));
        Assert.False(RemainingLifeLabel.FailsWithin(169, 200, 30));
    }

    [Fact]
    public void Phm08Score_EarlyAndLate_MatchesFormula()
    {
        // d = -13 (early): exp(1) - 1; d = +10 (late): exp(1) - 1; d = 0: 0.
        var score = RulMetrics.Phm08Score([87, 60, 50], [100, 50, 50]);

        Assert.Equal(2 * (Math.E - 1), score, 9);
    }

    [Fact]
    public void Phm08Term_SameErrorLate_CostsMoreThanEarly()
    {
        Assert.True(RulMetrics.Phm08Term(20) > RulMetrics.Phm08Term(-20));
        Assert.Equal(Math.Exp(2) - 1, RulMetrics.Phm08Term(20), 9);
        Assert.Equal(Math.Exp(20.0 / 13) - 1, RulMetrics.Phm08Term(-20), 9);
    }

    [Fact]
    public void RootMeanSquaredError_TwoErrors_MatchesHandValue()
    {
        Assert.Equal(Math.Sqrt(2), RulMetrics.RootMeanSquaredError([1, 2], [3, 2]), 9);
    }

    [Fact]
    public void Compute_ThresholdBetweenScores_CountsConfusion()
    {
        var metrics = BinaryMetrics.Compute([0.9, 0.8, 0.7, 0.6], [true, false, true, false], threshold: 0.75);

        Assert.Equal(0.5, metrics.Precision, 9);
        Assert.Equal(0.5, metrics.Recall, 9);
        Assert.Equal(0.5, metrics.F1, 9);
        Assert.Equal(2, metrics.Positives);
    }

    [Fact]
    public void AveragePrecision_RankedScores_MatchesHandValue()
    {
        // Positives at ranks 1 and 3: 0.5 x 1/1 + 0.5 x 2/3.
        Assert.Equal((0.5 * 1) + (0.5 * 2 / 3.0), BinaryMetrics.AveragePrecision([0.9, 0.8, 0.7, 0.6], [true, false, true, false]), 9);
    }

    [Fact]
    public void AveragePrecision_TiedScores_EnterTogether()
    {
        // One threshold holds everything: precision 1/2 at recall 1.
        Assert.Equal(0.5, BinaryMetrics.AveragePrecision([0.5, 0.5], [true, false]), 9);
    }

    [Fact]
    public void Stratified_FiveFolds_SpreadsPositivesEvenly()
    {
        var labels = Enumerable.Range(0, 1000).Select(i => i % 20 == 0).ToArray();

        var folds = Folds.Stratified(labels, 5, seed: 42);

        for (var fold = 0; fold < 5; fold++)
        {
            Assert.Equal(10, Enumerable.Range(0, 1000).Count(i => folds[i] == fold && labels[i]));
            Assert.Equal(200, folds.Count(f => f == fold));
        }

        Assert.Equal(folds, Folds.Stratified(labels, 5, seed: 42));
    }

    [Fact]
    public void Grouped_Engines_EachEngineInOneFoldAndFoldsBalanced()
    {
        var folds = Folds.Grouped(Enumerable.Range(1, 100), 5, seed: 42);

        Assert.Equal(100, folds.Count);
        Assert.All(Enumerable.Range(0, 5), fold => Assert.Equal(20, folds.Values.Count(f => f == fold)));
    }
}
