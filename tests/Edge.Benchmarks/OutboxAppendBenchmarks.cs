using BenchmarkDotNet.Attributes;
using Edge.Contracts;
using Edge.StoreForward.Outbox;

namespace Edge.Benchmarks;

/// <summary>
/// Outbox append, batched: one transaction (WAL, synchronous=FULL) per call, <see cref="BatchSize"/> machine summaries in it.
/// Divide the mean by the batch size for the cost of one durable record. The file lives in the temp folder, which is on the
/// same disk as the gateway's data folder on this machine. Each iteration starts from a fresh file: appending to one file
/// across the whole run let it grow to hundreds of thousands of records, and the outbox's cap and downsampling became
/// what was measured (9.6 MB allocated per batch of 1,000 instead of 1.8 MB).
/// </summary>
[MemoryDiagnoser]
[InvocationCount(16)]
public class OutboxAppendBenchmarks : IDisposable
{
    private string _directory = "";
    private SqliteOutbox _outbox = null!;
    private MachineSummary[] _batch = [];

    [Params(1, 100, 1000)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("edge-bench-outbox-").FullName;
        _outbox = new SqliteOutbox(Path.Combine(_directory, "outbox.db"), TimeProvider.System);
        var start = new DateTimeOffset(2026, 11, 29, 14, 0, 0, TimeSpan.Zero);
        _batch = new MachineSummary[BatchSize];
        for (var i = 0; i < BatchSize; i++)
        {
            _batch[i] = new MachineSummary
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

    [Benchmark]
    public int Append() => _outbox.Store.Append(_batch).Count;

    /// <summary>A fresh outbox file for the next iteration (not timed).</summary>
    [IterationCleanup]
    public void StartNewFile()
    {
        _outbox.Dispose();
        Directory.Delete(_directory, recursive: true);
        _directory = Directory.CreateTempSubdirectory("edge-bench-outbox-").FullName;
        _outbox = new SqliteOutbox(Path.Combine(_directory, "outbox.db"), TimeProvider.System);
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
