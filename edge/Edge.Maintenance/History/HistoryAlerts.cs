namespace Edge.Maintenance.History;

/// <summary>
/// Alerts from a machine's sequence of probabilities: an alert starts where the probability reaches the threshold
/// after being below it (or at the machine's first scored step). Also chooses the threshold from out-of-fold
/// predictions: the one catching the most failures with at most the target false alerts per machine-month.
/// </summary>
public static class HistoryAlerts
{
    /// <summary>Alert starts; <paramref name="scored"/> must be ordered by machine, then time.</summary>
    public static List<(DateTimeOffset At, string Machine)> Crossings(IReadOnlyList<(string Machine, DateTimeOffset At, double Probability)> scored, double threshold)
    {
        ArgumentNullException.ThrowIfNull(scored);
        var alerts = new List<(DateTimeOffset, string)>();
        string? machine = null;
        var above = false;
        foreach (var (m, at, p) in scored)
        {
            if (!string.Equals(m, machine, StringComparison.Ordinal))
            {
                machine = m;
                above = false;
            }

            var now = p >= threshold;
            if (now && !above)
            {
                alerts.Add((at, m));
            }

            above = now;
        }

        return alerts;
    }

    public static (double Threshold, EventMetrics Metrics) ChooseThreshold(
        IReadOnlyList<(string Machine, DateTimeOffset At, double Probability)> scored,
        IReadOnlyList<MachineEvent> failures,
        IReadOnlyDictionary<string, (DateTimeOffset From, DateTimeOffset To)> observed,
        TimeSpan horizon,
        double targetFalseAlertsPerMachineMonth)
    {
        ArgumentNullException.ThrowIfNull(scored);
        var candidates = Enumerable.Range(1, 99).Select(i => i / 100.0)
            .Concat(scored.Select(s => s.Probability).Order().Where((_, i) => i % Math.Max(1, scored.Count / 200) == 0))
            .Where(t => t > 0 && t < 1).Distinct().Order().ToArray();
        (double Threshold, EventMetrics Metrics)? best = null;
        (double Threshold, EventMetrics Metrics)? fewest = null;
        foreach (var threshold in candidates)
        {
            var metrics = AlertQuality.Measure(Crossings(scored, threshold), failures, observed, horizon);
            if (fewest is null || metrics.FalseAlertsPerMachineMonth < fewest.Value.Metrics.FalseAlertsPerMachineMonth)
            {
                fewest = (threshold, metrics);
            }

            if (metrics.FalseAlertsPerMachineMonth <= targetFalseAlertsPerMachineMonth
                && (best is null || metrics.Recall > best.Value.Metrics.Recall
                    || (metrics.Recall == best.Value.Metrics.Recall && metrics.FalseAlertsPerMachineMonth < best.Value.Metrics.FalseAlertsPerMachineMonth)))
            {
                best = (threshold, metrics);
            }
        }

        return best ?? fewest ?? (0.5, AlertQuality.Measure([], failures, observed, horizon));
    }
}
