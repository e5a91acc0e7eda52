using Edge.Contracts;
using Edge.Ingest.Telemetry;
using Edge.StoreForward.Outbox;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Health;

/// <summary>
/// Commits a <see cref="GatewayHealth"/> record at a fixed interval, so the cloud sees a gateway's backlog and problems
/// even when it has no machine data to send. Health is the lowest outbox class: the first dropped under pressure.
/// </summary>
public sealed partial class HealthReporter : BackgroundService
{
    private readonly IOutboxWriter _writer;
    private readonly OutboxMonitor _outbox;
    private readonly TelemetryMetrics _telemetry;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _interval;
    private readonly ILogger<HealthReporter> _logger;
    private readonly DateTimeOffset _startedAt;

    public HealthReporter(IOutboxWriter writer, OutboxMonitor outbox, TelemetryMetrics telemetry, IOptions<HealthOptions> options, TimeProvider timeProvider, ILogger<HealthReporter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _writer = writer;
        _outbox = outbox;
        _telemetry = telemetry;
        _timeProvider = timeProvider;
        _interval = options.Value.ReportInterval;
        _logger = logger;
        _startedAt = timeProvider.GetUtcNow();
    }

    /// <summary>The health record as it would be sent now.</summary>
    public GatewayHealth Snapshot()
    {
        var outbox = _outbox.GetStatus();
        return new GatewayHealth
        {
            Version = GatewayVersion.Current,
            Uptime = _timeProvider.GetUtcNow() - _startedAt,
            OutboxBacklog = outbox.Records,
            OutboxBytes = outbox.Bytes,
            HoursOfAutonomyLeft = outbox.HoursOfAutonomyLeft,
            RejectedMessages = _telemetry.Rejections.Values.Sum(),
            Warnings = outbox.Warnings,
        };
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    _writer.Append([Snapshot()]);
                }
                catch (Exception exception) when (exception is Microsoft.Data.Sqlite.SqliteException or IOException)
                {
                    LogReportFailed(exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not commit the gateway health record")]
    private partial void LogReportFailed(Exception exception);
}
