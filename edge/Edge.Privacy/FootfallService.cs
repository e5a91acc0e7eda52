using Microsoft.Extensions.Options;

namespace Edge.Privacy;

/// <summary>
/// Drives footfall on the clock: rotates the pseudonym key when due, closes windows, stores their noisy cells,
/// releases due reports, retries unsent ones and keeps today's counters in the ledger. The work is in
/// <see cref="Step"/>, which tests call directly; the loop only proves the wiring.
/// </summary>
internal sealed partial class FootfallService : BackgroundService
{
    private readonly Pseudonymizer _pseudonymizer;
    private readonly FootfallAccumulator _accumulator;
    private readonly FootfallReleaser _releaser;
    private readonly PrivacyLedger _ledger;
    private readonly PrivacyCounters _counters;
    private readonly FootfallReleaserDependencies _dependencies;
    private readonly ILogger<FootfallService> _logger;
    private IReadOnlyDictionary<PrivacyCounter, long>? _lastSaved;
    private int _lastEpoch;
    private DateOnly _lastPurge;

    public FootfallService(
        Pseudonymizer pseudonymizer,
        FootfallAccumulator accumulator,
        FootfallReleaser releaser,
        FootfallReleaserDependencies dependencies,
        ILogger<FootfallService> logger)
    {
        ArgumentNullException.ThrowIfNull(dependencies);
        _pseudonymizer = pseudonymizer;
        _accumulator = accumulator;
        _releaser = releaser;
        _ledger = dependencies.Ledger;
        _counters = dependencies.Counters;
        _dependencies = dependencies;
        _logger = logger;
        _lastEpoch = pseudonymizer.Epoch;
    }

    public void Step()
    {
        var now = _dependencies.TimeProvider.GetUtcNow();
        _pseudonymizer.RotateIfDue();
        KeepCounters(now);
        _accumulator.Advance(now);
        // Whoever rotated the key (this tick, or a Pseudonymize call in between), the open window learns it here.
        var epoch = _pseudonymizer.Epoch;
        if (epoch != _lastEpoch)
        {
            _accumulator.KeyRotated(epoch);
            _lastEpoch = epoch;
            LogRotated(_logger, epoch);
        }

        foreach (var tally in _accumulator.DrainClosedWindows())
        {
            _releaser.StoreWindow(tally);
        }

        _releaser.ReleaseDue(now);
        SaveCounters();
        Purge(now);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = _dependencies.Options.Value;
        LogStarted(_logger, options.EpsilonPerDay, options.ReleasesPerDay, options.MaxCellsPerDevicePerDay);
        using var timer = new PeriodicTimer(options.TickInterval, _dependencies.TimeProvider);
        do
        {
            try
            {
                Step();
            }
            catch (Exception exception) when (exception is Microsoft.Data.Sqlite.SqliteException or IOException)
            {
                LogStepFailed(_logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        SaveCounters();
    }

    private void KeepCounters(DateTimeOffset now)
    {
        var day = _dependencies.Calendar.StoreDay(now);
        if (day == _counters.Day)
        {
            return;
        }

        SaveCounters();
        _counters.StartDay(day, _ledger.LoadCounters(day));
        _lastSaved = null;
    }

    private void SaveCounters()
    {
        if (_counters.Day == default)
        {
            return;
        }

        var snapshot = _counters.Snapshot();
        if (_lastSaved is not null && snapshot.All(p => _lastSaved[p.Key] == p.Value))
        {
            return;
        }

        _ledger.SaveCounters(_counters.Day, snapshot);
        _lastSaved = snapshot;
    }

    private void Purge(DateTimeOffset now)
    {
        var day = _dependencies.Calendar.StoreDay(now);
        if (day == _lastPurge)
        {
            return;
        }

        var retention = _dependencies.Options.Value.ReportRetention;
        _ledger.Purge(day.AddDays(-(int)Math.Ceiling(retention.TotalDays)));
        _lastPurge = day;
    }

    [LoggerMessage(EventId = 7321, Level = LogLevel.Information, Message = "Footfall privacy started: epsilon {EpsilonPerDay} per day in {Releases} release(s), K {MaxCells}")]
    private static partial void LogStarted(ILogger logger, double epsilonPerDay, int releases, int maxCells);

    [LoggerMessage(EventId = 7322, Level = LogLevel.Information, Message = "Pseudonym key rotated (epoch {Epoch}); the previous key is zeroed")]
    private static partial void LogRotated(ILogger logger, int epoch);

    [LoggerMessage(EventId = 7323, Level = LogLevel.Error, Message = "Footfall step failed; retrying at the next tick")]
    private static partial void LogStepFailed(ILogger logger, Exception exception);
}
