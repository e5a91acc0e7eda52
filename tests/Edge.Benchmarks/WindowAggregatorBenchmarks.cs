using BenchmarkDotNet.Attributes;
using Edge.Ingest.Telemetry;
using Edge.Kernel;

namespace Edge.Benchmarks;

/// <summary>
/// Window update: one reading into the running statistics of its machine and sensor (100 machines x 2 sensors, the load
/// harness's shape), and closing a window of 100 machines into summaries.
/// </summary>
[MemoryDiagnoser]
public class WindowAggregatorBenchmarks
{
    private const int Machines = 100;

    private readonly WindowAggregator _aggregator = new(TimeSpan.FromSeconds(1));
    private Reading[] _readings = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var timestamp = new DateTimeOffset(2026, 11, 29, 14, 0, 0, TimeSpan.Zero);
        _readings = new Reading[Machines * 2];
        for (var i = 0; i < Machines; i++)
        {
            var machine = $"m-{i:D3}";
            _readings[2 * i] = new Reading(machine, "temperature", 70 + i, timestamp);
            _readings[(2 * i) + 1] = new Reading(machine, "vibration", 2 + (i / 100.0), timestamp);
        }

        foreach (var reading in _readings)
        {
            _aggregator.Add(reading);
        }
    }

    [Benchmark]
    public void Add()
    {
        _aggregator.Add(_readings[_next]);
        _next = _next + 1 == _readings.Length ? 0 : _next + 1;
    }

    [Benchmark]
    public int FillAndClose100Machines()
    {
        foreach (var reading in _readings)
        {
            _aggregator.Add(reading);
        }

        return _aggregator.Close(default).Count;
    }
}
