using Microsoft.Extensions.Options;

namespace Edge.Cloud.Storage;

/// <summary>Deletes time series older than <see cref="StorageOptions.Retention"/> at every <see cref="StorageOptions.RetentionInterval"/>.</summary>
internal sealed partial class RetentionService : BackgroundService
{
    private readonly ICloudStore _store;
    private readonly StorageOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<RetentionService> _logger;

    public RetentionService(ICloudStore store, IOptions<StorageOptions> options, TimeProvider timeProvider, ILogger<RetentionService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public Task RunOnceAsync(CancellationToken cancellationToken) =>
        _store.ApplyRetentionAsync(_timeProvider.GetUtcNow() - _options.Retention, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.RetentionInterval, _timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogRetentionFailed(exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention run failed; it is retried at the next interval")]
    private partial void LogRetentionFailed(Exception exception);
}
