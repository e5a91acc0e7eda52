using System.Globalization;
using System.Net;
using Edge.Kernel;

namespace Edge.LoadHarness;

/// <summary>
/// (b) for the footfall path: the Edge gateway as its own process (<c>dotnet Edge.Gateway.dll run</c>) consuming the
/// scanners' OpenMQTTGateway sightings in process (decode, store beacons set apart, pseudonymize, filter, de-duplicate,
/// zone). Configured on the command line: one zone per scanner, the store beacons of <see cref="SightingSource"/>,
/// collection open all day. Scanners are not fleet devices, so the broker runs without device authentication, as a
/// store's scanner network does. Progress is read from <c>GET /api/beacons</c>: a sighting counts as consumed when its
/// handling has finished (<c>handled</c>: queued, set apart, or dropped and counted) and, if it was queued, the zone loop
/// has taken it in (<c>zoned</c> catches up with <c>accepted</c>).
/// </summary>
internal sealed class FootfallEdgeTarget(string directory, int scanners, int devices) : IBenchTarget, IStartupFigures
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private ChildProcess? _gateway;

    public string Name => "Edge gateway (in-process footfall)";

    public IPEndPoint PublishEndpoint { get; private set; } = new(IPAddress.Loopback, 0);

    public IReadOnlyList<ChildProcess> Processes => _gateway is null ? [] : [_gateway];

    public CountingSubscriber? Subscriber => null;

    public IReadOnlyList<int> DeliveryLatencies => [];

    public TimeSpan TimeToReady { get; private set; }

    public long IdleRssBytes { get; private set; }

    public long IdleRssAnonymousBytes { get; private set; }

    public async Task StartAsync(RunOptions options, CancellationToken cancellationToken)
    {
        var brokerPort = Loopback.FreePort();
        var webPort = Loopback.FreePort();
        var uplinkPort = Loopback.FreePort();
        var dataDirectory = Path.Combine(directory, "edge-data");
        Directory.CreateDirectory(dataDirectory);
        _http.BaseAddress = new Uri($"http://127.0.0.1:{webPort}");
        List<string> arguments =
        [
            "--Gateway:Id=bench",
            $"--Gateway:DataDirectory={dataDirectory}",
            $"--Gateway:LocalWebUrl=http://127.0.0.1:{webPort}",
            $"--Broker:Port={brokerPort}",
            "--Broker:RequireAuthentication=false",
            $"--Uplink:Port={uplinkPort}",
            "--Logging:LogLevel:Default=Warning",
            // The fleet's per-client rate limit (500 messages/s by default) is lifted, as for the telemetry run: the
            // bench measures the footfall path, not the token bucket.
            "--Fleet:MessagesPerSecond=1000000",
            "--Fleet:Burst=1000000",
        ];
        arguments.AddRange(FootfallGateway.Arguments(scanners, devices));

        var launch = await GatewayLaunch.StartAsync(
            options.GatewayDll ?? RepositoryLayout.GatewayDll, arguments, EdgeTarget.GatewayEnvironment(), Path.Combine(directory, "gateway.log"),
            brokerPort, ConsumedAsync, cancellationToken);
        _gateway = launch.Process;
        PublishEndpoint = launch.PublishEndpoint;
        TimeToReady = launch.TimeToReady;
        IdleRssBytes = launch.IdleRssBytes;
        IdleRssAnonymousBytes = launch.IdleRssAnonymousBytes;
    }

    /// <summary>Sightings fully processed: handled, less those still waiting in the queue to the zone loop.</summary>
    public async ValueTask<long> ConsumedAsync(CancellationToken cancellationToken) =>
        (await FootfallGateway.ReadAsync(_http, cancellationToken)).Consumed;

    public void BeginMeasuring()
    {
    }

    public MqttCredentials? CredentialsFor(string machineId) => null;

    /// <summary>How the gateway disposed of the sightings: every one must be accounted for, none lost to a full queue or table.</summary>
    public async Task<string?> VerifyAsync(long expectedMessages, CancellationToken cancellationToken)
    {
        var progress = await FootfallGateway.ReadAsync(_http, cancellationToken);
        var verdict = progress.Handled == expectedMessages && progress.Lost == 0 ? "all" : "MISSING or REFUSED:";
        return string.Create(CultureInfo.InvariantCulture, $"Edge beacons: {verdict} {progress.Handled:N0} of {expectedMessages:N0}; {progress.Describe()}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        _http.Dispose();
    }
}
