using Edge.Contracts;
using Edge.Kernel;

namespace Edge.StoreForward.Outbox;

/// <summary>
/// Merges adjacent windows of one machine into one summary whose count, mean, min, max and standard deviation are
/// exactly those of all the readings of both windows (Chan et al. through <see cref="RunningStatistics.Merge"/>).
/// </summary>
public static class SummaryMerger
{
    public static MachineSummary Merge(MachineSummary earlier, MachineSummary later)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(later);
        if (!string.Equals(earlier.MachineId, later.MachineId, StringComparison.Ordinal))
        {
            throw new ArgumentException("Only windows of the same machine can be merged.", nameof(later));
        }

        var sensors = new List<SensorSummary>(Math.Max(earlier.Sensors.Count, later.Sensors.Count));
        foreach (var sensor in earlier.Sensors)
        {
            var other = Find(later.Sensors, sensor.Sensor);
            sensors.Add(other is null ? sensor : Combine(sensor, other));
        }

        foreach (var sensor in later.Sensors)
        {
            if (Find(earlier.Sensors, sensor.Sensor) is null)
            {
                sensors.Add(sensor);
            }
        }

        return earlier with
        {
            WindowStart = earlier.WindowStart < later.WindowStart ? earlier.WindowStart : later.WindowStart,
            WindowEnd = earlier.WindowEnd > later.WindowEnd ? earlier.WindowEnd : later.WindowEnd,
            Sensors = sensors,
            MergedWindows = earlier.MergedWindows + later.MergedWindows,
        };
    }

    private static SensorSummary Combine(SensorSummary a, SensorSummary b)
    {
        var merged = RunningStatistics.Merge(
            RunningStatistics.FromSummary(a.Count, a.Mean, a.Min, a.Max, a.StandardDeviation),
            RunningStatistics.FromSummary(b.Count, b.Mean, b.Min, b.Max, b.StandardDeviation));
        return a with
        {
            Unit = a.Unit ?? b.Unit,
            Count = merged.Count,
            Mean = merged.Mean,
            Min = merged.Min,
            Max = merged.Max,
            StandardDeviation = merged.StandardDeviation,
        };
    }

    private static SensorSummary? Find(IReadOnlyList<SensorSummary> sensors, string name)
    {
        foreach (var sensor in sensors)
        {
            if (string.Equals(sensor.Sensor, name, StringComparison.Ordinal))
            {
                return sensor;
            }
        }

        return null;
    }
}
