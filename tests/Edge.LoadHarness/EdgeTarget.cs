using System.Globalization;
using System.Net;
using System.Text.Json;
using Edge.Kernel;
using Microsoft.Data.Sqlite;

namespace Edge.LoadHarness;

/// <summary>
/// (b) The Edge gateway, full pipeline, as its own process (<c>dotnet Edge.Gateway.dll run</c>), configured on the command
/// line: the machines, a 1 s window, a temp data folder, free ports. Progress is read from <c>GET /api/status</c>
/// (messages accepted); after the run the outbox is opened to check every reading reached a committed window. With
/// <c>scanners</c> (hearing <c>devices</c> phones) it is also the store's gateway (<c>e2e-site</c>): the scanners are registered devices that log in with
/// their own secrets, and their sightings count as consumed once the footfall path has handled them.
/// </summary>
internal sealed class EdgeTarget(string directory, int scanners = 0, int devices = 0) : IBenchTarget, IStartupFigures, IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly Dictionary<string, MqttCredentials> _credentials = new(StringComparer.Ordinal);
    private ChildProcess? _gateway;
    private string _dataDirectory = "";

    public string Name => scanners == 0 ? "Edge gateway (in-process ingest)" : "Edge gateway (telemetry and footfall)";

    public IPEndPoint PublishEndpoint { get; private set; } = new(IPAddress.Loopback, 0);

    public IReadOnlyList<ChildProcess> Processes => _gateway is null ? [] : [_gateway];

    public CountingSubscriber? Subscriber => null;

    public IReadOnlyList<int> DeliveryLatencies => [];

    /// <summary>From process start to the broker accepting a TCP connection.</summary>
    public TimeSpan TimeToReady { get; private set; }

    /// <summary>Resident set size once ready, after a short settle, before any load.</summary>
    public long IdleRssBytes { get; private set; }

    /// <summary>The anonymous part of <see cref="IdleRssBytes"/> (heaps, JIT code); the rest is mapped files such as assemblies.</summary>
    public long IdleRssAnonymousBytes { get; private set; }

    public async Task StartAsync(RunOptions options, CancellationToken cancellationToken)
    {
        var gatewayDll = options.GatewayDll ?? RepositoryLayout.GatewayDll;
        var brokerPort = Loopback.FreePort();
        var webPort = Loopback.FreePort();
        // Nothing listens on the uplink port: the gateway keeps its summaries in the outbox, as it would with the WAN down.
        var uplinkPort = Loopback.FreePort();
        _dataDirectory = Path.Combine(directory, "edge-data");
        _http.BaseAddress = new Uri($"http://127.0.0.1:{webPort}");
        List<string> arguments =
        [
            $"--Gateway:Id=bench",
            $"--Gateway:DataDirectory={_dataDirectory}",
            $"--Gateway:LocalWebUrl=http://127.0.0.1:{webPort}",
            $"--Broker:Port={brokerPort}",
            "--Telemetry:Window=00:00:01",
            $"--Uplink:Port={uplinkPort}",
            "--Logging:LogLevel:Default=Warning",
        ];
        // Each machine is a registered device with its own secret, as in production; rate limits are lifted so the
        // bench measures the pipeline, not the per-device token bucket (Fleet:MessagesPerSecond, 500 by default).
        arguments.Add("--Fleet:MessagesPerSecond=1000000");
        arguments.Add("--Fleet:Burst=1000000");
        Directory.CreateDirectory(_dataDirectory);
        var registry = Path.Combine(_dataDirectory, "devices.json");
        // The machine list goes in as configuration from the environment, as a site's appsettings.json would give it:
        // a thousand command-line arguments would add their own parsing (about 0.3 s) to the start-up measured.
        var environment = GatewayEnvironment();
        for (var i = 0; i < options.Machines; i++)
        {
            var machine = RunOptions.MachineId(i);
            environment[$"Telemetry__Machines__{i}"] = machine;
            _credentials[machine] = new MqttCredentials(machine, Edge.Ingest.Fleet.DeviceRegistryFile.Add(registry, machine, DateTimeOffset.UtcNow));
        }

        if (scanners > 0)
        {
            arguments.AddRange(FootfallGateway.Arguments(scanners, devices));
            for (var i = 0; i < scanners; i++)
            {
                var scanner = SightingSource.ScannerId(i);
                _credentials[scanner] = new MqttCredentials(scanner, Edge.Ingest.Fleet.DeviceRegistryFile.Add(registry, scanner, DateTimeOffset.UtcNow));
            }
        }

        var launch = await GatewayLaunch.StartAsync(
            gatewayDll, arguments, environment, Path.Combine(directory, "gateway.log"), brokerPort, ConsumedAsync, cancellationToken);
        _gateway = launch.Process;
        PublishEndpoint = launch.PublishEndpoint;
        TimeToReady = launch.TimeToReady;
        IdleRssBytes = launch.IdleRssBytes;
        IdleRssAnonymousBytes = launch.IdleRssAnonymousBytes;
    }

    public async ValueTask<long> ConsumedAsync(CancellationToken cancellationToken)
    {
        await using var stream = await _http.GetStreamAsync(new Uri("/api/status", UriKind.Relative), cancellationToken);
        using var status = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        var telemetry = status.RootElement.GetProperty("messagesAccepted").GetInt64();
        return scanners == 0 ? telemetry : telemetry + (await FootfallGateway.ReadAsync(_http, cancellationToken)).Consumed;
    }

    public void BeginMeasuring()
    {
    }

    public MqttCredentials? CredentialsFor(string machineId) => _credentials.GetValueOrDefault(machineId);

    /// <summary>Stops the gateway cleanly (it commits its open window) and adds up the windowed counts in its outbox.</summary>
    public async Task<string?> VerifyAsync(long expectedMessages, CancellationToken cancellationToken)
    {
        if (_gateway is null)
        {
            return null;
        }

        var sockets = await SocketCallsAsync(cancellationToken);
        var footfall = scanners == 0 ? null : await FootfallGateway.ReadAsync(_http, cancellationToken);
        await _gateway.StopAsync(TimeSpan.FromSeconds(20));
        var outbox = Path.Combine(_dataDirectory, "outbox.db");
        long windowed = 0;
        var summaries = 0;
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = outbox, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        {
            await connection.OpenAsync(cancellationToken);
            await using var select = connection.CreateCommand();
            select.CommandText = "SELECT payload FROM outbox WHERE kind = 'machine-summary';";
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                using var summary = JsonDocument.Parse((byte[])reader.GetValue(0));
                summaries++;
                foreach (var sensor in summary.RootElement.GetProperty("sensors").EnumerateArray())
                {
                    if (sensor.GetProperty("sensor").GetString() == "temperature")
                    {
                        windowed += sensor.GetProperty("count").GetInt64();
                    }
                }
            }
        }

        if (footfall is null)
        {
            var verdict = windowed == expectedMessages ? "all" : "MISSING READINGS:";
            return string.Create(CultureInfo.InvariantCulture,
                $"Edge outbox: {verdict} {windowed:N0} of {expectedMessages:N0} temperature readings in {summaries:N0} committed machine summaries.{sockets}");
        }

        // Every message is either a machine's reading, which must be in a committed window, or a handled sighting.
        var both = windowed + footfall.Handled == expectedMessages && footfall.Lost == 0 ? "all" : "MISSING or REFUSED:";
        return string.Create(CultureInfo.InvariantCulture,
            $"Edge: {both} {windowed:N0} temperature readings in {summaries:N0} committed machine summaries + {footfall.Describe()} = {windowed + footfall.Handled:N0} of {expectedMessages:N0} messages.{sockets}");
    }

    /// <summary>The broker's own count of <c>recv</c> and <c>send</c> calls per message, over the gateway's life.</summary>
    private async Task<string> SocketCallsAsync(CancellationToken cancellationToken)
    {
        await using var stream = await _http.GetStreamAsync(new Uri("/api/status", UriKind.Relative), cancellationToken);
        using var status = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        // Every message the broker read: the machines' and, on a store's gateway too, the scanners'.
        var sightings = scanners == 0 ? 0 : (await FootfallGateway.ReadAsync(_http, cancellationToken)).Handled;
        var messages = Math.Max(1, status.RootElement.GetProperty("messagesAccepted").GetInt64() + sightings);
        if (!status.RootElement.TryGetProperty("brokerSockets", out var sockets))
        {
            return string.Empty;
        }

        var receives = sockets.GetProperty("receives").GetInt64();
        var sends = sockets.GetProperty("sends").GetInt64();
        return string.Create(CultureInfo.InvariantCulture,
            $"{Environment.NewLine}   Edge broker sockets: {100.0 * receives / messages:F1} recv and {100.0 * sends / messages:F1} send calls per 100 messages.");
    }

    /// <summary>
    /// <c>EDGE_BENCH_GATEWAY_X=v</c> in the harness's environment becomes <c>X=v</c> in the gateway's only: a way to profile
    /// it (EventPipe) or try runtime settings (GC) without touching the harness itself.
    /// </summary>
    internal static Dictionary<string, string> GatewayEnvironment()
    {
        const string Prefix = "EDGE_BENCH_GATEWAY_";
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && key.StartsWith(Prefix, StringComparison.Ordinal) && entry.Value is string value)
            {
                environment[key[Prefix.Length..]] = value;
            }
        }

        return environment;
    }

    public async ValueTask DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        _http.Dispose();
    }

    public void Dispose() => _http.Dispose();
}
