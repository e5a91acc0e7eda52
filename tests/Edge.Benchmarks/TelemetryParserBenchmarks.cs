using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Edge.Ingest.Json;
using Edge.Ingest.Telemetry;
using Edge.Kernel;

namespace Edge.Benchmarks;

/// <summary>
/// JSON telemetry decode, as the broker hands it over: one ~120-byte single-sample message (the load harness's payload)
/// and one 10-sample batch. Per call, not per reading.
/// </summary>
[MemoryDiagnoser]
public class TelemetryParserBenchmarks
{
    private static readonly DateTimeOffset s_receivedAt = new(2026, 11, 29, 14, 0, 0, TimeSpan.Zero);

    private readonly List<Reading> _output = new(64);
    private TelemetryParser _parser = null!;
    private ReadOnlySequence<byte> _single;
    private ReadOnlySequence<byte> _batch;

    [GlobalSetup]
    public void Setup()
    {
        var machines = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 100; i++)
        {
            machines.Add($"m-{i:D3}");
        }

        _parser = new TelemetryParser(machines.Contains, 1e9);
        _single = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(
            """{"machineId":"m-042","timestamp":"2026-11-29T14:00:00.1234567Z","sequence":17,"readings":{"temperature":71.3,"vibration":2.1}}"""));
        var batch = new StringBuilder("""{"machineId":"m-042","samples":[""");
        for (var i = 0; i < 10; i++)
        {
            batch.Append(i == 0 ? "" : ",")
                .Append("""{"timestamp":"2026-11-29T14:00:0""").Append(i).Append("""Z","sequence":""").Append(i)
                .Append(""","readings":{"temperature":71.3,"vibration":2.1}}""");
        }

        _batch = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(batch.Append("]}").ToString()));
    }

    [Benchmark(Baseline = true)]
    public int Single()
    {
        _output.Clear();
        return _parser.Parse("m-042", _single, s_receivedAt, _output).Readings;
    }

    [Benchmark]
    public int BatchOfTen()
    {
        _output.Clear();
        return _parser.Parse("m-042", _batch, s_receivedAt, _output).Readings;
    }
}
