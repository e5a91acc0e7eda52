using Edge.Contracts;
using Edge.Kernel;

namespace Edge.Ingest.Telemetry;

/// <summary>
/// Keeps, per machine and sensor, the running statistics of the current window and turns them into
/// <see cref="MachineSummary"/> messages when the window closes. Windows are aligned to multiples of the window
/// length on the gateway's clock. Not thread-safe: owned by the window service.
/// </summary>
public sealed class WindowAggregator
{
    private readonly Dictionary<string, Dictionary<string, RunningStatistics>> _machines = new(StringComparer.Ordinal);
    private readonly TimeSpan _window;

    public WindowAggregator(TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        _window = window;
    }

    /// <summary>Start of the window that contains <paramref name="time"/>.</summary>
    public DateTimeOffset WindowStartFor(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % _window.Ticks), TimeSpan.Zero);

    public int MachineCount => _machines.Count;

    public void Add(in Reading reading)
    {
        if (reading.Quality != ReadingQuality.Good)
        {
            return;
        }

        if (!_machines.TryGetValue(reading.MachineId, out var sensors))
        {
            sensors = new Dictionary<string, RunningStatistics>(StringComparer.Ordinal);
            _machines.Add(reading.MachineId, sensors);
        }

        ref var statistics = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(sensors, reading.Sensor, out _);
        statistics.Add(reading.Value);
    }

    /// <summary>Summaries of every machine that had readings in the window starting at <paramref name="windowStart"/>; resets the state.</summary>
    public List<MachineSummary> Close(DateTimeOffset windowStart)
    {
        var summaries = new List<MachineSummary>(_machines.Count);
        foreach (var (machineId, sensors) in _machines)
        {
            var sensorSummaries = new List<SensorSummary>(sensors.Count);
            foreach (var (sensor, statistics) in sensors)
            {
                sensorSummaries.Add(new SensorSummary
                {
                    Sensor = sensor,
                    Count = statistics.Count,
                    Mean = statistics.Mean,
                    Min = statistics.Min,
                    Max = statistics.Max,
                    StandardDeviation = statistics.StandardDeviation,
                });
            }

            sensorSummaries.Sort(static (a, b) => string.CompareOrdinal(a.Sensor, b.Sensor));
            summaries.Add(new MachineSummary
            {
                MachineId = machineId,
                WindowStart = windowStart,
                WindowEnd = windowStart + _window,
                Sensors = sensorSummaries,
            });
        }

        summaries.Sort(static (a, b) => string.CompareOrdinal(a.MachineId, b.MachineId));
        _machines.Clear();
        return summaries;
    }
}
