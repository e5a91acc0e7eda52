namespace Edge.Maintenance.Features;

/// <summary>
/// Which rolling features are computed per channel over the sequence of per-cycle (or per-window) values:
/// the statistics of the Azure predictive-maintenance playbook (rolling mean, standard deviation, min, max, slope,
/// exponentially smoothed values) and the elapsed count since the sequence started (time since maintenance).
/// Stored in the model manifest, so serving computes exactly what training computed.
/// </summary>
public sealed record FeatureOptions
{
    /// <summary>Rolling window lengths, in cycles or windows. Early in a sequence a window covers what there is.</summary>
    public IReadOnlyList<int> Windows { get; init; } = [5, 10, 20, 30];

    /// <summary>Smoothing factors of the exponentially weighted moving averages.</summary>
    public IReadOnlyList<double> EwmaAlphas { get; init; } = [0.1, 0.3];

    public bool Last { get; init; } = true;

    public bool Mean { get; init; } = true;

    public bool StandardDeviation { get; init; } = true;

    public bool Minimum { get; init; } = true;

    public bool Maximum { get; init; } = true;

    public bool Slope { get; init; } = true;

    /// <summary>Adds the number of cycles (windows) seen since the sequence started.</summary>
    public bool Elapsed { get; init; } = true;

    public void Validate()
    {
        if (Windows.Count == 0 && EwmaAlphas.Count == 0 && !Last && !Elapsed)
        {
            throw new ArgumentException("Feature options produce no feature.");
        }

        foreach (var window in Windows)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(window, 1, nameof(Windows));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(window, 10_000, nameof(Windows));
        }

        foreach (var alpha in EwmaAlphas)
        {
            if (!(alpha > 0 && alpha <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(EwmaAlphas), alpha, "An EWMA factor must be in (0, 1].");
            }
        }
    }
}
