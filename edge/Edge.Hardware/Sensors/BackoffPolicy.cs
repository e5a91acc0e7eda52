namespace Edge.Hardware.Sensors;

/// <summary>Exponential backoff between attempts on a failing sensor: initial, doubled per failure, capped.</summary>
public sealed record BackoffPolicy(TimeSpan Initial, TimeSpan Maximum)
{
    public static BackoffPolicy Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));

    /// <summary>Delay after the <paramref name="consecutiveFailures"/>-th failure in a row (1 gives <see cref="Initial"/>).</summary>
    public TimeSpan DelayAfter(int consecutiveFailures)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(consecutiveFailures, 1);
        var exponent = Math.Min(consecutiveFailures - 1, 30);
        var ticks = Initial.Ticks * Math.Pow(2, exponent);
        return ticks >= Maximum.Ticks ? Maximum : TimeSpan.FromTicks((long)ticks);
    }
}
