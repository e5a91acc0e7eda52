namespace Edge.Maintenance.Metrics;

/// <summary>Error measures of remaining-useful-life predictions.</summary>
public static class RulMetrics
{
    public static double RootMeanSquaredError(IReadOnlyList<double> predicted, IReadOnlyList<double> actual)
    {
        CheckLengths(predicted, actual);
        double sum = 0;
        for (var i = 0; i < predicted.Count; i++)
        {
            var d = predicted[i] - actual[i];
            sum += d * d;
        }

        return Math.Sqrt(sum / predicted.Count);
    }

    /// <summary>
    /// The PHM08 challenge score (Saxena et al. 2008): sum over engines of exp(-d/13) - 1 when the prediction is early
    /// (d &lt; 0) and exp(d/10) - 1 when it is late, d = predicted - true. Late predictions cost more: they miss a failure.
    /// </summary>
    public static double Phm08Score(IReadOnlyList<double> predicted, IReadOnlyList<double> actual)
    {
        CheckLengths(predicted, actual);
        double score = 0;
        for (var i = 0; i < predicted.Count; i++)
        {
            score += Phm08Term(predicted[i] - actual[i]);
        }

        return score;
    }

    public static double Phm08Term(double d) => d < 0 ? Math.Exp(-d / 13) - 1 : Math.Exp(d / 10) - 1;

    private static void CheckLengths(IReadOnlyList<double> predicted, IReadOnlyList<double> actual)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(actual);
        if (predicted.Count != actual.Count || predicted.Count == 0)
        {
            throw new ArgumentException($"Need as many predictions as truths, at least one (got {predicted.Count} and {actual.Count}).");
        }
    }
}
