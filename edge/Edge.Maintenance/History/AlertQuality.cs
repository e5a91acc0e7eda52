namespace Edge.Maintenance.History;

/// <summary>
/// Event-level alert quality. Alerts of a machine that follow an earlier one by at most the horizon, with no failure
/// between them, belong to that earlier alert's episode; only the first alert of an episode counts. A failure is
/// caught when an episode starts within the horizon before it (and after the previous failure of that machine); its
/// lead is the failure time minus the first such start. An episode is a false alert when no failure follows its start
/// within the horizon; one whose horizon runs past the end of the observed span with no failure yet is undecided and
/// counted neither way. Only failures and alerts inside a machine's observed span count; rates are per machine-day and
/// machine-month (30.44 days) of observed span.
/// </summary>
public static class AlertQuality
{
    private const double DaysPerMonth = 365.25 / 12;

    public static EventMetrics Measure(
        IReadOnlyList<(DateTimeOffset At, string Machine)> alerts,
        IReadOnlyList<MachineEvent> failures,
        IReadOnlyDictionary<string, (DateTimeOffset From, DateTimeOffset To)> observed,
        TimeSpan horizon)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(failures);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(horizon, TimeSpan.Zero);
        var alertsByMachine = alerts.Where(a => observed.TryGetValue(a.Machine, out var span) && a.At >= span.From && a.At <= span.To)
            .GroupBy(a => a.Machine, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(a => a.At).Order().ToList(), StringComparer.Ordinal);
        var failuresByMachine = failures.Where(f => f.Kind == MachineEventKinds.Failure && observed.TryGetValue(f.Machine, out var span) && f.Timestamp >= span.From && f.Timestamp <= span.To)
            .GroupBy(f => f.Machine, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(f => f.Timestamp).Order().ToList(), StringComparer.Ordinal);

        int failureCount = 0, caught = 0, episodes = 0, falseAlerts = 0, trueAlerts = 0;
        var leads = new List<double>();
        double machineDays = 0;
        foreach (var (machine, span) in observed)
        {
            machineDays += Math.Max(0, (span.To - span.From).TotalDays);
            var machineFailures = failuresByMachine.GetValueOrDefault(machine) ?? [];
            var starts = Episodes(alertsByMachine.GetValueOrDefault(machine) ?? [], machineFailures, horizon);
            episodes += starts.Count;
            failureCount += machineFailures.Count;
            for (var f = 0; f < machineFailures.Count; f++)
            {
                var failure = machineFailures[f];
                var previous = f > 0 ? machineFailures[f - 1] : DateTimeOffset.MinValue;
                var first = starts.FirstOrDefault(a => a >= failure - horizon && a < failure && a >= previous);
                if (first != default)
                {
                    caught++;
                    leads.Add((failure - first).TotalHours);
                }
            }

            foreach (var start in starts)
            {
                var hit = machineFailures.Any(f => f > start && f <= start + horizon);
                if (hit)
                {
                    trueAlerts++;
                }
                else if (start + horizon <= span.To)
                {
                    falseAlerts++;
                }
            }
        }

        var decided = trueAlerts + falseAlerts;
        var precision = decided == 0 ? 0 : trueAlerts / (double)decided;
        var recall = failureCount == 0 ? 0 : caught / (double)failureCount;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        leads.Sort();
        var median = leads.Count == 0 ? 0 : leads.Count % 2 == 1 ? leads[leads.Count / 2] : (leads[(leads.Count / 2) - 1] + leads[leads.Count / 2]) / 2;
        return new EventMetrics(
            observed.Count,
            failureCount,
            horizon.TotalHours,
            precision,
            recall,
            f1,
            median,
            machineDays <= 0 ? 0 : falseAlerts / (machineDays / DaysPerMonth),
            machineDays <= 0 ? 0 : episodes / machineDays)
        {
            Caught = caught,
            AlertEpisodes = episodes,
            FalseAlerts = falseAlerts,
            MachineDays = machineDays,
        };
    }

    /// <summary>The first alert of each episode: an alert opens one unless it follows the current episode's start within the horizon with no failure between.</summary>
    internal static List<DateTimeOffset> Episodes(List<DateTimeOffset> alerts, List<DateTimeOffset> failures, TimeSpan horizon)
    {
        var starts = new List<DateTimeOffset>();
        DateTimeOffset? current = null;
        foreach (var at in alerts)
        {
            var failureBetween = current is { } c && failures.Any(f => f > c && f <= at);
            if (current is null || at - current.Value > horizon || failureBetween)
            {
                starts.Add(at);
                current = at;
            }
        }

        return starts;
    }
}
