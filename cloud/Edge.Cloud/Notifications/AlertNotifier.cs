using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Edge.Cloud.Notifications;

/// <summary>
/// POSTs alert notifications to the configured webhook, retrying with doubling delays. The queue is bounded (1,000):
/// when a receiver is down for long, the oldest notifications are dropped and counted; the alerts themselves are stored.
/// </summary>
internal sealed partial class AlertNotifier : BackgroundService
{
    public const string MeterName = "Edge.Cloud.Notifications";
    public const string HttpClientName = "webhook";

    private readonly WebhookOptions _options;
    private readonly IHttpClientFactory _httpClients;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<AlertNotifier> _logger;
    private readonly Channel<AlertNotification> _queue;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _dropped;

    public AlertNotifier(IOptions<WebhookOptions> options, IHttpClientFactory httpClients, TimeProvider timeProvider, IMeterFactory meterFactory, ILogger<AlertNotifier> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meterFactory);
        _options = options.Value;
        _httpClients = httpClients;
        _timeProvider = timeProvider;
        _logger = logger;
        var meter = meterFactory.Create(MeterName);
        _delivered = meter.CreateCounter<long>("edge.cloud.webhook.delivered", "{notification}");
        _failed = meter.CreateCounter<long>("edge.cloud.webhook.failed", "{notification}", "Given up after every retry");
        _dropped = meter.CreateCounter<long>("edge.cloud.webhook.dropped", "{notification}", "Dropped because the queue was full");
        _queue = Channel.CreateBounded<AlertNotification>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => _dropped.Add(1));
    }

    public bool Enabled => !string.IsNullOrEmpty(_options.Url);

    public void Enqueue(AlertNotification notification)
    {
        if (Enabled)
        {
            _queue.Writer.TryWrite(notification);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var notification in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            await SendAsync(notification, stoppingToken);
        }
    }

    /// <summary>Delivers one notification, retrying; true when the receiver answered 2xx.</summary>
    public async Task<bool> SendAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        var delay = _options.FirstRetryDelay;
        for (var attempt = 1; attempt <= _options.MaxAttempts; attempt++)
        {
            try
            {
                using var client = _httpClients.CreateClient(HttpClientName);
                client.Timeout = _options.Timeout;
                using var response = await client.PostAsJsonAsync(_options.Url, notification, NotificationsJsonContext.Default.AlertNotification, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    _delivered.Add(1);
                    return true;
                }

                LogAttemptFailed(notification.Id, attempt, $"HTTP {(int)response.StatusCode}");
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                LogAttemptFailed(notification.Id, attempt, exception.Message);
            }

            if (attempt < _options.MaxAttempts)
            {
                await Task.Delay(delay, _timeProvider, cancellationToken);
                delay *= 2;
            }
        }

        _failed.Add(1);
        LogGaveUp(notification.Id, _options.MaxAttempts);
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery of {NotificationId} failed (attempt {Attempt}): {Reason}")]
    private partial void LogAttemptFailed(string notificationId, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook delivery of {NotificationId} abandoned after {Attempts} attempts")]
    private partial void LogGaveUp(string notificationId, int attempts);
}
