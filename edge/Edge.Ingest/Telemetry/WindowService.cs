using Edge.Contracts;
using Edge.StoreForward.Outbox;
using Microsoft.Extensions.Options;

namespace Edge.Ingest.Telemetry;

/// <summary>
/// Owns the window aggregator: drains the telemetry channel into it and, at every window boundary, commits the machine
/// summaries to the outbox and tells the observers. Summaries are committed before observers run, so a crash in a
/// model never costs a summary.
/// </summary>
public sealed partial class WindowService : BackgroundService
{
    private readonly TelemetryChannel _channel;
    private readonly IOutboxWriter _outbox;
    private readonly IWindowObserver[] _observers;
    private readonly TelemetryMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<WindowService> _logger;
    private readonly WindowAggregator _aggregator;
    private readonly TimeSpan _window;
    private readonly Lock _gate = new();
    private readonly LatestWindows _latest = new();

    public WindowService(
        TelemetryChannel channel,
        IOutboxWriter outbox,
        IEnumerable<IWindowObserver> observers,
        TelemetryMetrics metrics,
        IOptions<TelemetryOptions> options,
        TimeProvider timeProvider,
        ILogger<WindowService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _channel = channel;
        _outbox = outbox;
        _observers = [.. observers];
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
        _window = options.Value.Window;
        _aggregator = new WindowAggregator(_window);
    }

    /// <summary>Latest summary per machine, for the status API: a snapshot, rebuilt from compact state on each call.</summary>
    public IReadOnlyDictionary<string, MachineSummary> Latest => _latest.Snapshot();

    /// <summary>Moves every reading waiting in the channel into the current window.</summary>
    public int DrainChannel()
    {
        var count = 0;
        lock (_gate)
        {
            while (_channel.Reader.TryRead(out var reading))
            {
                _aggregator.Add(reading);
                count++;
            }
        }

        return count;
    }

    /// <summary>Closes the window that started at <paramref name="windowStart"/>: commits its summaries, then notifies observers.</summary>
    public async Task<IReadOnlyList<MachineSummary>> CloseWindowAsync(DateTimeOffset windowStart, CancellationToken cancellationToken)
    {
        List<MachineSummary> summaries;
        lock (_gate)
        {
            summaries = _aggregator.Close(windowStart);
        }

        if (summaries.Count == 0)
        {
            return summaries;
        }

        try
        {
            _outbox.Append(summaries);
            _metrics.SummariesCommitted(summaries.Count);
        }
        catch (Exception exception) when (exception is Microsoft.Data.Sqlite.SqliteException or IOException)
        {
            LogOutboxFailed(exception, summaries.Count);
        }

        _latest.Record(summaries);
        foreach (var summary in summaries)
        {
            foreach (var observer in _observers)
            {
                try
                {
                    await observer.OnWindowClosedAsync(summary, cancellationToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogObserverFailed(exception, observer.GetType().Name);
                }
            }
        }

        return summaries;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var windowStart = _aggregator.WindowStartFor(_timeProvider.GetUtcNow());
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var windowEnd = windowStart + _window;
                var delay = windowEnd - _timeProvider.GetUtcNow();
                var closeDue = delay > TimeSpan.Zero ? Task.Delay(delay, _timeProvider, stoppingToken) : Task.CompletedTask;
                while (true)
                {
                    DrainChannel();
                    if (closeDue.IsCompleted)
                    {
                        break;
                    }

                    await Task.WhenAny(_channel.Reader.WaitToReadAsync(stoppingToken).AsTask(), closeDue);
                }

                stoppingToken.ThrowIfCancellationRequested();
                await CloseWindowAsync(windowStart, stoppingToken);

                // After a clock step (NTP, or a Pi booting in 1970) start again from the window containing now.
                var now = _timeProvider.GetUtcNow();
                windowStart = now >= windowEnd && now < windowEnd + _window ? windowEnd : _aggregator.WindowStartFor(now);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: commit what the current window holds, so a clean stop loses nothing.
            DrainChannel();
            await CloseWindowAsync(windowStart, CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not commit {Count} machine summaries to the outbox")]
    private partial void LogOutboxFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Window observer {Observer} failed")]
    private partial void LogObserverFailed(Exception exception, string observer);
}
