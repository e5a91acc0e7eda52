using Edge.Kernel;
using Microsoft.Extensions.Options;

namespace Edge.Maintenance.Serving;

/// <summary>Loads the models folder at start and re-scans it every <see cref="MaintenanceOptions.ScanInterval"/> (hot swap).</summary>
public sealed class ModelWatcher : BackgroundService
{
    private readonly ModelRegistry _registry;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _interval;

    public ModelWatcher(ModelRegistry registry, IOptions<MaintenanceOptions> options, IOptions<GatewayOptions> gateway, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _registry = registry;
        _timeProvider = timeProvider;
        _interval = options.Value.ScanInterval;
        Directory = ResolveModelsDirectory(options.Value, gateway);
    }

    public string Directory { get; }

    public static string ResolveModelsDirectory(MaintenanceOptions options, IOptions<GatewayOptions> gateway)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = Path.GetFullPath(options.ModelsDirectory, DataDirectory.Resolve(gateway));
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Models are in service before the first window closes.
        _registry.Scan(Directory);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                _registry.Scan(Directory);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
    }
}
