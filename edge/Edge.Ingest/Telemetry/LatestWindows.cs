using Edge.Contracts;

namespace Edge.Ingest.Telemetry;

/// <summary>
/// The latest closed window of every machine, for the status API. A <see cref="MachineSummary"/> is an object graph (a
/// record per sensor, each naming its sensor with a string the parser allocated that window): about 1.7 KB per machine
/// for 15 sensors, kept for every machine between status requests. Kept here instead as one array of statistics per
/// machine against a sensor-name layout shared by every machine reporting the same sensors, updated in place; the
/// summaries are rebuilt only when the status is asked for.
/// </summary>
internal sealed class LatestWindows
{
    // Layouts shared between machines; past this many distinct sensor sets a machine keeps its own (still compact).
    private const int MaxSharedLayouts = 64;

    private readonly Dictionary<string, Latest> _machines = new(StringComparer.Ordinal);
    private readonly List<string[]> _layouts = [];
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _machines.Count;
            }
        }
    }

    /// <summary>Replaces the latest window of every machine in <paramref name="summaries"/>.</summary>
    public void Record(IReadOnlyList<MachineSummary> summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        lock (_gate)
        {
            for (var i = 0; i < summaries.Count; i++)
            {
                Record(summaries[i]);
            }
        }
    }

    /// <summary>A snapshot of every machine's latest window, as the summaries that were closed.</summary>
    public IReadOnlyDictionary<string, MachineSummary> Snapshot()
    {
        lock (_gate)
        {
            var snapshot = new Dictionary<string, MachineSummary>(_machines.Count, StringComparer.Ordinal);
            foreach (var (machineId, latest) in _machines)
            {
                snapshot[machineId] = latest.ToSummary(machineId);
            }

            return snapshot;
        }
    }

    private void Record(MachineSummary summary)
    {
        var sensors = summary.Sensors;
        if (!_machines.TryGetValue(summary.MachineId, out var latest) || !SameSensors(latest.Sensors, sensors))
        {
            latest = new Latest(LayoutOf(sensors), new SensorStatistics[sensors.Count]);
            _machines[summary.MachineId] = latest;
        }

        latest.WindowStart = summary.WindowStart;
        latest.WindowEnd = summary.WindowEnd;
        latest.MergedWindows = summary.MergedWindows;
        for (var s = 0; s < sensors.Count; s++)
        {
            var sensor = sensors[s];
            latest.Statistics[s] = new SensorStatistics(sensor.Count, sensor.Mean, sensor.Min, sensor.Max, sensor.StandardDeviation);
        }
    }

    private string[] LayoutOf(IReadOnlyList<SensorSummary> sensors)
    {
        foreach (var layout in _layouts)
        {
            if (SameSensors(layout, sensors))
            {
                return layout;
            }
        }

        var names = new string[sensors.Count];
        for (var s = 0; s < names.Length; s++)
        {
            names[s] = sensors[s].Sensor;
        }

        if (_layouts.Count < MaxSharedLayouts)
        {
            _layouts.Add(names);
        }

        return names;
    }

    private static bool SameSensors(string[] layout, IReadOnlyList<SensorSummary> sensors)
    {
        if (layout.Length != sensors.Count)
        {
            return false;
        }

        for (var s = 0; s < layout.Length; s++)
        {
            if (!string.Equals(layout[s], sensors[s].Sensor, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    // No unit: the window aggregator's summaries carry none.
    private readonly record struct SensorStatistics(long Count, double Mean, double Min, double Max, double StandardDeviation);

    private sealed class Latest(string[] sensors, SensorStatistics[] statistics)
    {
        public string[] Sensors { get; } = sensors;

        public SensorStatistics[] Statistics { get; } = statistics;

        public DateTimeOffset WindowStart { get; set; }

        public DateTimeOffset WindowEnd { get; set; }

        public int MergedWindows { get; set; }

        public MachineSummary ToSummary(string machineId)
        {
            var sensors = new SensorSummary[Sensors.Length];
            for (var s = 0; s < sensors.Length; s++)
            {
                var statistics = Statistics[s];
                sensors[s] = new SensorSummary
                {
                    Sensor = Sensors[s],
                    Count = statistics.Count,
                    Mean = statistics.Mean,
                    Min = statistics.Min,
                    Max = statistics.Max,
                    StandardDeviation = statistics.StandardDeviation,
                };
            }

            return new MachineSummary
            {
                MachineId = machineId,
                WindowStart = WindowStart,
                WindowEnd = WindowEnd,
                Sensors = sensors,
                MergedWindows = MergedWindows,
            };
        }
    }
}
