using System.Globalization;
using System.Net;
using System.Text.Json;

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
internal sealed class FootfallEdgeTarget(string directory, int scanners) : IBenchTarget
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
            "--Privacy:OpeningTime=00:00",
            "--Privacy:ClosingTime=23:59",
        ];
        for (var i = 0; i < scanners; i++)
        {
            arguments.Add($"--Footfall:Scanners:{SightingSource.ScannerId(i)}=zone-{i:D3}");
            arguments.Add($"--Privacy:Zones:{i}=zone-{i:D3}");
        }

        for (var i = 0; i < SightingSource.StoreBeacons.Length; i++)
        {
            var (name, uuid, major, minor) = SightingSource.StoreBeacons[i];
            arguments.Add($"--Footfall:StoreBeacons:{i}:Name={name}");
            arguments.Add($"--Footfall:StoreBeacons:{i}:Uuid={uuid}");
            arguments.Add(string.Create(CultureInfo.InvariantCulture, $"--Footfall:StoreBeacons:{i}:Major={major}"));
            arguments.Add(string.Create(CultureInfo.InvariantCulture, $"--Footfall:StoreBeacons:{i}:Minor={minor}"));
        }

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
    public async ValueTask<long> ConsumedAsync(CancellationToken cancellationToken)
    {
        var counters = await CountersAsync(cancellationToken);
        return counters["handled"] - Math.Max(0, counters["accepted"] - counters["zoned"]);
    }

    public void BeginMeasuring()
    {
    }

    public MqttCredentials? CredentialsFor(string machineId) => null;

    /// <summary>How the gateway disposed of the sightings: every one must be accounted for, none lost to a full queue or table.</summary>
    public async Task<string?> VerifyAsync(long expectedMessages, CancellationToken cancellationToken)
    {
        var counters = await CountersAsync(cancellationToken);
        var lost = counters["queueFull"] + counters["throttleFull"] + counters["trackerFull"] + counters["malformedMessages"] + counters["unknownScanner"];
        var verdict = counters["handled"] == expectedMessages && lost == 0 ? "all" : "MISSING or REFUSED:";
        return string.Create(CultureInfo.InvariantCulture,
            $"Edge beacons: {verdict} {counters["handled"]:N0} of {expectedMessages:N0} sightings handled: {counters["accepted"]:N0} queued and zoned ({counters["zoned"]:N0}), {counters["deduplicated"]:N0} de-duplicated, {counters["storeBeaconSightings"]:N0} store beacon, {counters["filteredWeak"] + counters["filteredFar"]:N0} filtered, {lost:N0} lost (queue/throttle/tracker full, malformed, unknown scanner).");
    }

    private async Task<Dictionary<string, long>> CountersAsync(CancellationToken cancellationToken)
    {
        await using var stream = await _http.GetStreamAsync(new Uri("/api/beacons", UriKind.Relative), cancellationToken);
        using var status = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        var counters = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var counter in status.RootElement.GetProperty("counters").EnumerateObject())
        {
            counters[counter.Name] = counter.Value.GetInt64();
        }

        if (!counters.ContainsKey("handled") || !counters.ContainsKey("zoned"))
        {
            throw new InvalidOperationException("This gateway build has no 'handled'/'zoned' beacon counters: build the gateway from this branch.");
        }

        return counters;
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
