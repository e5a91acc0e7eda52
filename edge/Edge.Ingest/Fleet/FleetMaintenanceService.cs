using MQTTnet.Protocol;
using Microsoft.Extensions.Options;

namespace Edge.Ingest.Fleet;

/// <summary>
/// How a revocation made by the CLI (another process) reaches the running gateway: every
/// <see cref="FleetOptions.RegistryPollInterval"/> the registry file is reloaded if it changed and the clients of revoked
/// devices are disconnected (their publishes are refused from the reload on). Every <see cref="FleetOptions.ActivitySaveInterval"/> the activity file is saved.
/// </summary>
public sealed partial class FleetMaintenanceService : BackgroundService
{
    private readonly DeviceRegistry _registry;
    private readonly DeviceActivity _activity;
    private readonly FleetGuard _guard;
    private readonly FleetOutbound _outbound;
    private readonly FleetPaths _paths;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<FleetMaintenanceService> _logger;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _saveInterval;
    private long _savedAt;

    public FleetMaintenanceService(
        FleetGuard guard,
        FleetOutbound outbound,
        FleetPaths paths,
        IOptions<FleetOptions> options,
        TimeProvider timeProvider,
        ILogger<FleetMaintenanceService> logger)
    {
        ArgumentNullException.ThrowIfNull(guard);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(options);
        _guard = guard;
        _registry = paths.Registry;
        _activity = paths.Activity;
        _outbound = outbound;
        _paths = paths;
        _timeProvider = timeProvider;
        _logger = logger;
        _interval = options.Value.RegistryPollInterval;
        _saveInterval = options.Value.ActivitySaveInterval;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Step();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }

        Save();
    }

    /// <summary>One tick: reload the registry, disconnect revoked devices, save activity. Returns the clients told to go.</summary>
    public int Step()
    {
        var reloaded = _registry.Refresh();

        // Checked on every tick, not only after a reload: a client may finish connecting just after the reload.
        var disconnected = 0;
        foreach (var clientId in _guard.ClientsOfInactiveDevices())
        {
            _outbound.Disconnect(clientId, MqttDisconnectReasonCode.NotAuthorized);
            disconnected++;
        }

        if (reloaded)
        {
            LogRegistryReloaded(_registry.Count, disconnected);
        }

        if (_savedAt == 0 || _timeProvider.GetElapsedTime(_savedAt) >= _saveInterval)
        {
            Save();
        }

        return disconnected;
    }

    private void Save()
    {
        _savedAt = _timeProvider.GetTimestamp();
        try
        {
            _activity.SaveIfChanged(_paths.ActivityPath);
        }
        catch (IOException exception)
        {
            LogSaveFailed(exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Device registry reloaded: {Devices} devices, {Disconnected} clients of revoked devices disconnected")]
    private partial void LogRegistryReloaded(int devices, int disconnected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not save device activity: {Error}")]
    private partial void LogSaveFailed(string error);
}
