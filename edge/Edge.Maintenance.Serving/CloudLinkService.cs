using System.Text.Json;
using Edge.Maintenance.History;
using Edge.Maintenance.Serving.CloudLink;
using Microsoft.Extensions.Options;

namespace Edge.Maintenance.Serving;

/// <summary>
/// The gateway's link to the cloud for models and machine events (it only dials out): every
/// <see cref="CloudLinkOptions.PollInterval"/> it asks for its model assignment (<see cref="CloudModelFetcher"/> brings
/// the served models in line) and for the machine events after the last one it has (stored and applied through the
/// <see cref="MaintenanceStateService"/>). The last assignment is kept in SQLite, so after a restart without WAN the
/// verified files on disk keep serving. The work is in <see cref="PollAsync"/>; the loop only proves the wiring.
/// </summary>
public sealed partial class CloudLinkService : BackgroundService
{
    public const string AssignmentsKey = "cloud-assignments";
    public const string EventCursorKey = "cloud-events-after";
    private const int EventPage = 500;

    private readonly CloudModelFetcher _fetcher;
    private readonly MaintenanceStateService _state;
    private readonly CloudLinkOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<CloudLinkService> _logger;
    private CloudLinkStatus _status;

    public CloudLinkService(CloudModelFetcher fetcher, MaintenanceStateService state, IOptions<CloudLinkOptions> options, TimeProvider timeProvider, ILogger<CloudLinkService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _fetcher = fetcher;
        _state = state;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _status = new CloudLinkStatus { Enabled = _options.Enabled };
    }

    public CloudLinkStatus Status => Volatile.Read(ref _status) with { RefusedModels = _fetcher.Refused, EventCursor = _state.Database.GetCursor(EventCursorKey) };

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Enabled)
        {
            // Serve what the cloud last assigned from the verified files on disk, before the first poll (or without WAN).
            await _fetcher.ApplyAsync(SavedAssignments(), offline: true, cancellationToken);
        }

        await base.StartAsync(cancellationToken);
    }

    /// <summary>One poll: assignment, then events. Returns false (and keeps the error for the status) when the cloud could not be reached.</summary>
    public async Task<bool> PollAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var status = Volatile.Read(ref _status);
        try
        {
            var assignments = await _fetcher.Client.GetAssignmentsAsync(cancellationToken);
            await _fetcher.ApplyAsync(assignments, offline: false, cancellationToken);
            _state.Database.SetSetting(AssignmentsKey, JsonSerializer.Serialize(assignments, CloudLinkJsonContext.Default.IReadOnlyListCloudModelAssignment));
            var received = await PollEventsAsync(cancellationToken);
            Volatile.Write(ref _status, status with { LastPollAt = now, LastSuccessAt = now, LastError = null, Polls = status.Polls + 1, EventsReceived = status.EventsReceived + received });
            return true;
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or InvalidDataException or IOException ||
            (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogPollFailed(exception.GetType().Name, exception.Message);
            Volatile.Write(ref _status, status with { LastPollAt = now, LastError = exception.Message, Polls = status.Polls + 1, Failures = status.Failures + 1 });
            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(_options.PollInterval, _timeProvider);
        try
        {
            do
            {
                await PollAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
    }

    private async Task<long> PollEventsAsync(CancellationToken cancellationToken)
    {
        long received = 0;
        var cursor = _state.Database.GetCursor(EventCursorKey);
        while (true)
        {
            var events = await _fetcher.Client.GetEventsAsync(cursor, cancellationToken);
            foreach (var cloudEvent in events)
            {
                if (cloudEvent.Id <= cursor)
                {
                    continue;
                }

                if (cloudEvent.Kind is MachineEventKinds.Failure or MachineEventKinds.Maintenance or MachineEventKinds.Error &&
                    _state.Record(new MachineEvent(cloudEvent.Timestamp, cloudEvent.Machine, cloudEvent.Kind, cloudEvent.Detail), "cloud", cloudEvent.Id))
                {
                    received++;
                }

                cursor = cloudEvent.Id;
                _state.Database.SetCursor(EventCursorKey, cursor);
            }

            if (events.Count < EventPage)
            {
                return received;
            }
        }
    }

    private IReadOnlyList<CloudModelAssignment> SavedAssignments()
    {
        try
        {
            return _state.Database.GetSetting(AssignmentsKey) is { } json
                ? JsonSerializer.Deserialize(json, CloudLinkJsonContext.Default.IReadOnlyListCloudModelAssignment) ?? []
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cloud link poll failed ({Error}): {Reason}; retrying at the next interval")]
    private partial void LogPollFailed(string error, string reason);
}
