using System.Buffers;
using BenchmarkDotNet.Attributes;
using Edge.Gateway.Hosting;
using Edge.Ingest.Broker;
using Edge.Ingest.Sparkplug;
using Edge.Ingest.Sparkplug.Protobuf;
using Edge.Ingest.Telemetry;
using Edge.Kernel;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Benchmarks;

/// <summary>
/// A realistic Sparkplug B NDATA: 10 metrics by alias (as a node sends them after its NBIRTH), each with its own
/// timestamp, mixed data types (Float, Double, Int32, UInt16, Boolean). <see cref="Decode"/> is the gateway's decoder
/// alone (protobuf parse, then every metric read as a number); <see cref="IngestNData"/> is the whole handler: topic,
/// decode, session and sequence check, alias resolution, metric state, readings into the telemetry channel.
/// </summary>
[MemoryDiagnoser]
public class SparkplugBenchmarks : IDisposable
{
    private const string Group = "plant";
    private const string Node = "m-001";

    private static readonly (string Name, DataType Type)[] s_metrics =
    [
        ("spindle/temperature", DataType.Float),
        ("spindle/vibration", DataType.Float),
        ("spindle/speed", DataType.Int32),
        ("motor/current", DataType.Double),
        ("motor/voltage", DataType.Double),
        ("coolant/flow", DataType.Float),
        ("coolant/temperature", DataType.Float),
        ("axis/load", DataType.Uint16),
        ("pressure", DataType.Double),
        ("door/closed", DataType.Boolean),
    ];

    private WebApplication _app = null!;
    private string _directory = "";
    private SparkplugIngest _ingest = null!;
    private TelemetryChannel _channel = null!;
    private ReadOnlySequence<byte> _ndata;
    private InboundMessage[] _ndataMessages = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _ndata = new ReadOnlySequence<byte>(Data(0).ToByteArray());

        _directory = Directory.CreateTempSubdirectory("edge-bench-sparkplug-").FullName;
        var configuration = new Dictionary<string, string?>
        {
            ["Gateway:DataDirectory"] = _directory,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Telemetry:Machines:0"] = Node,
        };
        _app = GatewayHost.Build([], builder => builder.AddInMemoryCollection(configuration));
        _ingest = _app.Services.GetRequiredService<SparkplugIngest>();
        _channel = _app.Services.GetRequiredService<TelemetryChannel>();
        _ingest.HandleAsync(Message("NBIRTH", Birth()), CancellationToken.None).AsTask().GetAwaiter().GetResult();
        Drain();
        // One NDATA per sequence number (0-255 wrap), so the session's sequence check passes on every call.
        _ndataMessages = [.. Enumerable.Range(1, 256).Select(seq => Message("NDATA", Data((ulong)(seq % 256))))];
    }

    /// <summary>Protobuf decode of one 10-metric NDATA and every metric read as a number.</summary>
    [Benchmark]
    public double Decode()
    {
        if (!SparkplugDecoder.TryDecode(_ndata, out var payload, out _))
        {
            throw new InvalidOperationException("The NDATA did not decode.");
        }

        double sum = 0;
        foreach (var metric in payload!.Metrics)
        {
            if (SparkplugDecoder.TryGetNumber(metric, out var value))
            {
                sum += value;
            }
        }

        return sum;
    }

    /// <summary>One NDATA through the gateway's Sparkplug handler up to its 10 readings in the telemetry channel.</summary>
    [Benchmark]
    public async Task<int> IngestNData()
    {
        await _ingest.HandleAsync(_ndataMessages[_next], CancellationToken.None);
        _next = (_next + 1) % _ndataMessages.Length;
        return Drain();
    }

    private int Drain()
    {
        var drained = 0;
        while (_channel.Reader.TryRead(out _))
        {
            drained++;
        }

        return drained;
    }

    private static InboundMessage Message(string type, Payload payload) =>
        new("bench-" + Node, null, $"{SparkplugTopic.Namespace}/{Group}/{type}/{Node}", new ReadOnlySequence<byte>(payload.ToByteArray()));

    private static Payload Birth()
    {
        const ulong Timestamp = 1_796_000_000_000;
        var payload = new Payload { Timestamp = Timestamp, Seq = 0 };
        payload.Metrics.Add(new Payload.Types.Metric { Name = "bdSeq", Datatype = (uint)DataType.Int64, LongValue = 1, Timestamp = Timestamp });
        for (var i = 0; i < s_metrics.Length; i++)
        {
            var metric = Metric(i, Timestamp);
            metric.Name = s_metrics[i].Name;
            payload.Metrics.Add(metric);
        }

        return payload;
    }

    private static Payload Data(ulong sequence)
    {
        var timestamp = 1_796_000_000_000 + (sequence * 1000);
        var payload = new Payload { Timestamp = timestamp, Seq = sequence };
        for (var i = 0; i < s_metrics.Length; i++)
        {
            payload.Metrics.Add(Metric(i, timestamp));
        }

        return payload;
    }

    private static Payload.Types.Metric Metric(int index, ulong timestamp)
    {
        var metric = new Payload.Types.Metric { Alias = (ulong)index + 1, Timestamp = timestamp, Datatype = (uint)s_metrics[index].Type };
        switch (s_metrics[index].Type)
        {
            case DataType.Float:
                metric.FloatValue = 20.5f + index;
                break;
            case DataType.Double:
                metric.DoubleValue = 230.25 + index;
                break;
            case DataType.Boolean:
                metric.BooleanValue = true;
                break;
            default:
                metric.IntValue = 1200u + (uint)index;
                break;
        }

        return metric;
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
