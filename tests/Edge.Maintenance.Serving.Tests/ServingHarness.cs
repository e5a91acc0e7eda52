using Edge.Contracts;
using Edge.Ingest.Broker;
using Edge.Kernel;
using Edge.Maintenance.Serving.State;
using Edge.StoreForward.Outbox;
using Edge.TestKit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Maintenance.Serving.Tests;

/// <summary>
/// A maintenance capability as the gateway composes it, on real parts: SQLite outbox, embedded broker on a free port,
/// the state database in a temporary data folder. <see cref="Restart"/> builds a second one over the same folder.
/// </summary>
internal sealed class ServingHarness : IAsyncDisposable
{
    private readonly SqliteOutbox _outbox;
    private readonly EmbeddedBroker _broker;
    private readonly Dictionary<string, string> _loaded = new(StringComparer.Ordinal);

    private ServingHarness(string folder, MaintenanceOptions options, FakeTimeProvider time, ModelRegistry registry, SqliteOutbox outbox, EmbeddedBroker broker)
    {
        Folder = folder;
        Options = options;
        Time = time;
        Registry = registry;
        _outbox = outbox;
        _broker = broker;
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        Policy = new AlertPolicy(wrapped, time);
        Observer = new MaintenanceObserver(registry, Policy, new AlertPublisher(outbox.Store, broker, NullLogger<AlertPublisher>.Instance), wrapped, NullLogger<MaintenanceObserver>.Instance);
        Database = new MaintenanceStateDatabase(Path.Combine(folder, options.StateDatabase));
        State = new MaintenanceStateService(Database, Observer, wrapped, time, NullLogger<MaintenanceStateService>.Instance);
    }

    public string Folder { get; }

    public MaintenanceOptions Options { get; }

    public FakeTimeProvider Time { get; }

    public ModelRegistry Registry { get; }

    public AlertPolicy Policy { get; }

    public MaintenanceObserver Observer { get; }

    public MaintenanceStateDatabase Database { get; }

    public MaintenanceStateService State { get; }

    public IOptions<GatewayOptions> Gateway => Microsoft.Extensions.Options.Options.Create(new GatewayOptions { DataDirectory = Folder });

    public static async Task<ServingHarness> StartAsync(MaintenanceOptions options, string? folder = null, FakeTimeProvider? time = null)
    {
        folder ??= Directory.CreateTempSubdirectory("edge-serving-").FullName;
        time ??= new FakeTimeProvider(SyntheticHistory.Start.AddDays(200));
        var outbox = new SqliteOutbox(Path.Combine(folder, "outbox.db"), time);
        var broker = new EmbeddedBroker(Microsoft.Extensions.Options.Options.Create(new BrokerOptions { Port = FreePort.Next() }), [], NullLogger<EmbeddedBroker>.Instance);
        await broker.StartAsync(CancellationToken.None);
        return new ServingHarness(folder, options, time, new ModelRegistry(NullLogger<ModelRegistry>.Instance), outbox, broker);
    }

    /// <summary>The same data folder and models, as after a restart: state restored from the checkpoint.</summary>
    public async Task<ServingHarness> RestartAsync()
    {
        var next = await StartAsync(Options, Folder, Time);
        foreach (var (name, path) in _loaded)
        {
            next.LoadModel(name, path);
        }

        next.State.Restore();
        return next;
    }

    /// <summary>Serves a model file as if it were in the models folder under <paramref name="name"/>.</summary>
    public void LoadModel(string name, string path)
    {
        Assert.True(Registry.TryLoad(name, path), string.Join("; ", Registry.Rejected.Values.Select(r => r.Reason)));
        _loaded[name] = path;
    }

    public static MachineSummary Window(string machine, DateTimeOffset end, TimeSpan length, double[] values) => new()
    {
        MachineId = machine,
        WindowStart = end - length,
        WindowEnd = end,
        Sensors =
        [
            .. SyntheticHistory.SensorNames(values.Length).Select((sensor, i) => new SensorSummary { Sensor = sensor, Count = 1, Mean = values[i], Min = values[i], Max = values[i], StandardDeviation = 0 }),
        ],
    };

    public async ValueTask DisposeAsync()
    {
        Database.Dispose();
        await _broker.DisposeAsync();
        _outbox.Dispose();
    }
}
