using BenchmarkDotNet.Attributes;
using Edge.Contracts;
using Edge.StoreForward.Outbox;

namespace Edge.Benchmarks;

/// <summary>
/// Outbox drain: the uplink's loop without the network, <see cref="OutboxLeases.Peek"/> a batch then
/// <see cref="OutboxLeases.Acknowledge"/> it, until a backlog of <see cref="Backlog"/> records is gone. The result is per
/// record (OperationsPerInvoke). Each iteration refills the backlog first, outside the measurement.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
public class OutboxDrainBenchmarks : IDisposable
{
    private const int Backlog = 10_000;

    private string _directory = "";
    private SqliteOutbox _outbox = null!;
    private MachineSummary[] _fill = [];

    /// <summary>Records per round; the uplink's default (Uplink:BatchSize) is 100.</summary>
    [Params(100)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("edge-bench-drain-").FullName;
        _outbox = new SqliteOutbox(Path.Combine(_directory, "outbox.db"), TimeProvider.System);
        var start = new DateTimeOffset(2026, 11, 29, 14, 0, 0, TimeSpan.Zero);
        _fill = new MachineSummary[1000];
        for (var i = 0; i < _fill.Length; i++)
        {
            _fill[i] = new MachineSummary
            {
                MachineId = $"m-{i % 100:D3}",
                WindowStart = start,
                WindowEnd = start.AddMinutes(1),
                Sensors =
                [
                    new SensorSummary { Sensor = "temperature", Count = 60, Mean = 71.3, Min = 70.1, Max = 72.9, StandardDeviation = 0.4 },
                    new SensorSummary { Sensor = "vibration", Count = 60, Mean = 2.1, Min = 1.9, Max = 2.4, StandardDeviation = 0.1 },
                ],
            };
        }
    }

    [IterationSetup]
    public void Fill()
    {
        for (var appended = 0; appended < Backlog; appended += _fill.Length)
        {
            _outbox.Store.Append(_fill);
        }
    }

    [Benchmark(OperationsPerInvoke = Backlog)]
    public int Drain()
    {
        var drained = 0;
        while (true)
        {
            var records = _outbox.Leases.Peek(BatchSize);
            if (records.Count == 0)
            {
                return drained;
            }

            var sequences = new long[records.Count];
            for (var i = 0; i < sequences.Length; i++)
            {
                sequences[i] = records[i].Sequence;
            }

            _outbox.Leases.Acknowledge(sequences);
            drained += records.Count;
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _outbox?.Dispose();
        GC.SuppressFinalize(this);
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
