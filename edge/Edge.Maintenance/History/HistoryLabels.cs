namespace Edge.Maintenance.History;

/// <summary>
/// Targets of a step at time t: positive when the next failure comes within the horizon; negative when the machine was
/// observed for the whole horizon without one; otherwise censored (no label). Remaining life is the time to the next
/// failure, capped; after a machine's last failure it is known only when the machine was observed for the cap without
/// another failure (then it is the cap), else censored (NaN).
/// </summary>
internal static class HistoryLabels
{
    public const sbyte Censored = -1;

    public static (sbyte Failure, float RemainingLife) At(long t, List<long> failures, long observedEnd, long horizon, double capHours)
    {
        var next = long.MinValue;
        foreach (var f in failures)
        {
            if (f >= t)
            {
                next = f;
                break;
            }
        }

        var capTicks = (long)(capHours * TimeSpan.TicksPerHour);
        sbyte failure = next != long.MinValue && next - t <= horizon ? (sbyte)1 : t + horizon <= observedEnd ? (sbyte)0 : Censored;
        var life = next != long.MinValue
            ? (float)Math.Min(capHours, TimeSpan.FromTicks(next - t).TotalHours)
            : observedEnd - t >= capTicks ? (float)capHours : float.NaN;
        return (failure, life);
    }
}
