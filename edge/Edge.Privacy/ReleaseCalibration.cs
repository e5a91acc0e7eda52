namespace Edge.Privacy;

/// <summary>
/// Noise of one release. The day's epsilon is split evenly across its releases (sequential composition), and each
/// release's share evenly between visitor counts and dwell sums. A pseudonym changes at most
/// min(K, cells of the release) counts by 1 and as many dwell sums by at most the dwell clamp: those are the L1
/// sensitivities the discrete Laplace scales are calibrated to.
/// </summary>
internal sealed record ReleaseCalibration(
    long EpsilonMicros,
    long CountSensitivity,
    long DwellSensitivitySeconds,
    DiscreteLaplace CountNoise,
    DiscreteLaplace DwellNoise)
{
    public const long MicrosPerUnit = 1_000_000;

    public double Epsilon => EpsilonMicros / (double)MicrosPerUnit;

    /// <summary>The day's budget in millionths; integers so that the shares of a day add up without rounding drift.</summary>
    public static long DayBudgetMicros(PrivacyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return (long)Math.Floor(options.EpsilonPerDay * MicrosPerUnit);
    }

    public static ReleaseCalibration For(PrivacyOptions options, FootfallDayPlan plan, int releaseIndex)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(plan);
        var cells = (long)options.Zones.Count * plan.WindowsOfRelease(releaseIndex).Count();
        var countSensitivity = Math.Max(1, Math.Min(options.MaxCellsPerDevicePerDay, cells));
        var dwellSensitivity = countSensitivity * (long)options.MaxDwell.TotalSeconds;
        // Rounding down keeps every share at or below what was configured.
        var epsilon = DayBudgetMicros(options) / plan.ReleaseCount;
        var half = epsilon / 2;
        return new ReleaseCalibration(
            epsilon,
            countSensitivity,
            dwellSensitivity,
            DiscreteLaplace.For(countSensitivity, half),
            DiscreteLaplace.For(dwellSensitivity, half));
    }
}
