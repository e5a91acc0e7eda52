using Edge.Maintenance.History;
using Edge.Maintenance.Serving.State;
using Microsoft.Extensions.Options;

namespace Edge.Maintenance.Serving;

/// <summary>
/// Keeps per-machine feature state across restarts and power cuts: restores the checkpoints at start (an unreadable row
/// is counted and skipped, never fails the start), checkpoints the machines that changed every
/// <see cref="MaintenanceOptions.CheckpointInterval"/> and once more on stop. Machine events go through here too: stored,
/// applied, and the machine's state saved at once, so a repair recorded just before a power cut is not undone by it.
/// </summary>
public sealed partial class MaintenanceStateService : BackgroundService
{
    public const string ClockOriginKey = "plant-clock-origin";
    public const string HistoryPart = "history";
    public const string BaselinesPart = "anomaly-baselines";

    private readonly MaintenanceStateDatabase _database;
    private readonly MaintenanceObserver _observer;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _interval;
    private readonly ILogger<MaintenanceStateService> _logger;
    private long _checkpoints;

    public MaintenanceStateService(MaintenanceStateDatabase database, MaintenanceObserver observer, IOptions<MaintenanceOptions> options, TimeProvider timeProvider, ILogger<MaintenanceStateService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _database = database;
        _observer = observer;
        _timeProvider = timeProvider;
        _interval = options.Value.CheckpointInterval;
        _logger = logger;
    }

    public MaintenanceStateDatabase Database => _database;

    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        Restore();
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Checkpoint();
    }

    /// <summary>Hands the saved checkpoints to the observer; returns how many machines were restored.</summary>
    public int Restore()
    {
        var restored = _observer.Restore(new MaintenanceCheckpoint(
            [.. _database.LoadStates(HistoryPart)], [.. _database.LoadStates(BaselinesPart)], _database.GetSetting(ClockOriginKey)));
        LogRestored(restored);
        return restored;
    }

    /// <summary>Saves the machines changed since the last checkpoint; returns how many.</summary>
    public int Checkpoint()
    {
        var checkpoint = _observer.Checkpoint();
        if (checkpoint.ClockOrigin is not null)
        {
            _database.SetSetting(ClockOriginKey, checkpoint.ClockOrigin);
        }

        var now = _timeProvider.GetUtcNow();
        _database.SaveStates(checkpoint.History, now, HistoryPart);
        _database.SaveStates(checkpoint.Baselines, now, BaselinesPart);
        Interlocked.Increment(ref _checkpoints);
        return checkpoint.History.Count;
    }

    /// <summary>Stores and applies one machine event; false when it was stored already (the same cloud event seen twice).</summary>
    public bool Record(MachineEvent machineEvent, string source, long? cloudId = null)
    {
        ArgumentNullException.ThrowIfNull(machineEvent);
        if (!_database.AppendEvent(new StoredMachineEvent(machineEvent.Machine, machineEvent.Timestamp, machineEvent.Kind, machineEvent.Detail, source, cloudId)))
        {
            return false;
        }

        if (machineEvent.Kind is MachineEventKinds.Maintenance or MachineEventKinds.Failure)
        {
            _database.DeleteState(machineEvent.Machine, BaselinesPart);
        }

        if (_observer.Record(machineEvent) is { } state)
        {
            _database.SaveStates([new(machineEvent.Machine, state)], _timeProvider.GetUtcNow(), HistoryPart);
        }

        LogEvent(machineEvent.Kind, source);
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Checkpoint();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored the feature state of {Machines} machines from the checkpoint")]
    private partial void LogRestored(int machines);

    [LoggerMessage(Level = LogLevel.Information, Message = "Machine event {Kind} recorded (from {Source})")]
    private partial void LogEvent(string kind, string source);
}
