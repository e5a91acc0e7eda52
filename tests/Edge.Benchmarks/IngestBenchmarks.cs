using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Edge.Gateway.Hosting;
using Edge.Ingest.Broker;
using Edge.Ingest.Json;
using Edge.Ingest.Telemetry;
using Edge.Kernel;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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

    private WebApplication _app = null!;
    private string _directory = "";
    private TelemetryChannel _channel = null!;
    private TelemetryIngest _ingest = null!;
    private WindowAggregator _aggregator = null!;
    private InboundMessage[] _messages = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("edge-bench-ingest-").FullName;
        var configuration = new Dictionary<string, string?>
        {
            ["Gateway:DataDirectory"] = _directory,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var payloads = new InboundMessage[Machines];
        for (var i = 0; i < Machines; i++)
        {
            var machine = $"m-{i:D3}";
            configuration[$"Telemetry:Machines:{i}"] = machine;
            var json = $$$"""{"machineId":"{{{machine}}}","timestamp":"2026-11-29T14:00:00.1234567Z","sequence":17,"readings":{"temperature":71.3,"vibration":2.1}}""";
            payloads[i] = new InboundMessage($"bench-{machine}", null, $"devices/{machine}/telemetry", new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)));
        }

        _messages = payloads;
        // The gateway's own composition (not started): the ingest exactly as the broker gets it.
        _app = GatewayHost.Build([], builder => builder.AddInMemoryCollection(configuration));
        _channel = _app.Services.GetRequiredService<TelemetryChannel>();
        _ingest = _app.Services.GetRequiredService<TelemetryIngest>();
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
        (_app as IDisposable)?.Dispose();
        GC.SuppressFinalize(this);
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
