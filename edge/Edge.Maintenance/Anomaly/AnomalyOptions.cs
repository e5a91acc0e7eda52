namespace Edge.Maintenance.Anomaly;

/// <summary>Thresholds of <see cref="StreamingAnomalyDetector"/>.</summary>
public sealed record AnomalyOptions
{
    /// <summary>Smoothing factor of the baseline mean and variance.</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>Values used to establish the baseline before anything is judged.</summary>
    public int WarmUp { get; init; } = 20;

    public double ZThreshold { get; init; } = 4;

    /// <summary>Allowance per step of the CUSUM, in standard deviations (half the shift to detect).</summary>
    public double CusumSlack { get; init; } = 0.5;

    /// <summary>CUSUM decision interval, in standard deviations.</summary>
    public double CusumThreshold { get; init; } = 8;

    /// <summary>Floor of the baseline standard deviation, so a perfectly flat sensor does not turn noise into alarms.</summary>
    public double MinimumStandardDeviation { get; init; } = 1e-6;

    public void Validate()
    {
        if (!(Alpha > 0 && Alpha <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "Alpha must be in (0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(WarmUp, 2, nameof(WarmUp));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ZThreshold, nameof(ZThreshold));
        ArgumentOutOfRangeException.ThrowIfNegative(CusumSlack, nameof(CusumSlack));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(CusumThreshold, nameof(CusumThreshold));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MinimumStandardDeviation, nameof(MinimumStandardDeviation));
    }
}
