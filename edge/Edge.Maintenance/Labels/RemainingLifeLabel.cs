namespace Edge.Maintenance.Labels;

/// <summary>
/// Labels of run-to-failure data. Remaining useful life is piecewise linear: constant at the cap while the machine is
/// healthy (degradation is not observable yet), then falling by one per cycle to zero at failure.
/// </summary>
public static class RemainingLifeLabel
{
    public const double DefaultCap = 125;

    public static double Capped(int cycle, int failureCycle, double cap = DefaultCap)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cycle, failureCycle);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cap);
        return Math.Min(cap, failureCycle - cycle);
    }

    /// <summary>"Fails within <paramref name="horizon"/> cycles": the binary label of a failure-probability model.</summary>
    public static bool FailsWithin(int cycle, int failureCycle, int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cycle, failureCycle);
        ArgumentOutOfRangeException.ThrowIfNegative(horizon);
        return failureCycle - cycle <= horizon;
    }
}
