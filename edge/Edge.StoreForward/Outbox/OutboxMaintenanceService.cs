using Microsoft.Extensions.Options;

namespace Edge.StoreForward.Outbox;

/// <summary>Runs <see cref="OutboxMaintenance.Maintain"/> periodically: expiry, retry of records held during a storage error, disk floor.</summary>
internal sealed partial class OutboxMaintenanceService : BackgroundService
{
    private readonly OutboxMaintenance _maintenance;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<OutboxMaintenanceService> _logger;

    public OutboxMaintenanceService(OutboxMaintenance maintenance, IOptions<OutboxOptions> options, TimeProvider timeProvider, ILogger<OutboxMaintenanceService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _maintenance = maintenance;
        _interval = options.Value.MaintenanceInterval;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, _timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                _maintenance.Maintain();
            }
            catch (Exception exception) when (exception is Microsoft.Data.Sqlite.SqliteException or IOException)
            {
                // The outbox counts and warns about storage errors itself; the loop must outlive them.
                LogMaintenanceFailed(exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox maintenance failed; retrying at the next interval")]
    private partial void LogMaintenanceFailed(Exception exception);
}
