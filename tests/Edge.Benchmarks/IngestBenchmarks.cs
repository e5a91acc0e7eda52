using System.Buffers;
using System.Diagnostics.Metrics;
using System.Text;
using BenchmarkDotNet.Attributes;
using Edge.Gateway.Broker;
using Edge.Gateway.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Edge.Benchmarks;

/// <summary>
/// Edge's own work per telemetry message, without the MQTT broker: what <see cref="TelemetryIngest"/> does with a publish
/// the broker hands over (topic, parse, validate, count, channel) and the window service taking its readings into the
/// window. Set against the end-to-end CPU per message, it shows how much of that is Edge and how much the broker.
/// </summary>
[MemoryDiagnoser]
public class IngestBenchmarks : IDisposable
{
    private const int Machines = 100;

    private ServiceProvider _services = null!;
    private TelemetryChannel _channel = null!;
    private TelemetryIngest _ingest = null!;
    private WindowAggregator _aggregator = null!;
    private InboundMessage[] _messages = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var options = new TelemetryOptions();
        var payloads = new InboundMessage[Machines];
        for (var i = 0; i < Machines; i++)
        {
            var machine = $"m-{i:D3}";
            options.Machines.Add(machine);
            var json = $$$"""{"machineId":"{{{machine}}}","timestamp":"2026-11-29T14:00:00.1234567Z","sequence":17,"readings":{"temperature":71.3,"vibration":2.1}}""";
            payloads[i] = new InboundMessage($"bench-{machine}", null, $"devices/{machine}/telemetry", new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)));
        }

        _messages = payloads;
        _channel = new TelemetryChannel();
        _ingest = new TelemetryIngest(
            _channel,
            new TelemetryMetrics(_services.GetRequiredService<IMeterFactory>()),
            Options.Create(options),
            TimeProvider.System,
            NullLogger<TelemetryIngest>.Instance);
        _aggregator = new WindowAggregator(TimeSpan.FromMinutes(1));
    }

    /// <summary>One message: broker hand-over to readings in the window.</summary>
    [Benchmark]
    public async Task<int> IngestAndWindow()
    {
        await _ingest.HandleAsync(_messages[_next], CancellationToken.None);
        _next = _next + 1 == _messages.Length ? 0 : _next + 1;
        var drained = 0;
        while (_channel.Reader.TryRead(out var reading))
        {
            _aggregator.Add(reading);
            drained++;
        }

        return drained;
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _services?.Dispose();
        GC.SuppressFinalize(this);
    }
}
