using System.Globalization;
using Edge.Contracts;
using Microsoft.Extensions.Options;

namespace Edge.Maintenance.Serving;

/// <summary>
/// Turns per-window observations into alerts engineers can trust. Per (machine, kind): raise only after
/// <see cref="MaintenanceOptions.RaiseAfterWindows"/> abnormal windows in a row; while open, send updates rather than
/// duplicates (at once when the severity changes, otherwise at most every <see cref="MaintenanceOptions.UpdateInterval"/>);
/// escalate to critical when nobody acknowledged it within <see cref="MaintenanceOptions.EscalateAfter"/>; clear after
/// <see cref="MaintenanceOptions.ClearAfterWindows"/> normal windows; then hold a cooldown before the next raise.
/// Every returned <see cref="FailureAlert"/> is a state change to deliver. Thread-safe.
/// </summary>
public sealed class AlertPolicy
{
    private readonly MaintenanceOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Dictionary<(string Machine, string Kind), Track> _tracks = [];
    private readonly Lock _gate = new();
    private long _sequence;

    public AlertPolicy(IOptions<MaintenanceOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _timeProvider = timeProvider;
    }

    /// <summary>(Machine, kind) pairs with something to remember: an abnormal run, an open alert or a cooldown.</summary>
    internal int Tracked
    {
        get
        {
            lock (_gate)
            {
                return _tracks.Count;
            }
        }
    }

    /// <summary>Feeds one window's observation; returns the alert messages it causes (none, or one).</summary>
    public IReadOnlyList<FailureAlert> Observe(AlertObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            var key = (observation.MachineId, observation.Kind);
            if (!_tracks.TryGetValue(key, out var track))
            {
                if (!observation.Abnormal)
                {
                    // Nothing to remember about a normal window of a (machine, kind) with no history: no track.
                    return [];
                }

                track = new Track();
                _tracks[key] = track;
            }

            track.AbnormalRun = observation.Abnormal ? track.AbnormalRun + 1 : 0;
            track.NormalRun = observation.Abnormal ? 0 : track.NormalRun + 1;
            if (track.Open is null)
            {
                var cooling = track.ClearedAt is { } cleared && now - cleared < _options.Cooldown;
                if (observation.Abnormal && track.AbnormalRun >= _options.RaiseAfterWindows && !cooling)
                {
                    var id = string.Create(CultureInfo.InvariantCulture, $"alert-{now:yyyyMMdd'T'HHmmss}Z-{++_sequence}");
                    track.Open = Build(observation, id, observation.Severity, AlertSeverities.Open, now, now);
                    track.LastPublished = now;
                    track.Acknowledged = false;
                    track.Escalated = false;
                    return [track.Open];
                }

                if (!observation.Abnormal && !cooling)
                {
                    // No alert, no abnormal run, no cooldown: the same as no track at all, so none is kept (most
                    // machines are healthy most of the time, and a track per machine was per-machine memory).
                    _tracks.Remove(key);
                }

                return [];
            }

            if (!observation.Abnormal)
            {
                if (track.NormalRun < _options.ClearAfterWindows)
                {
                    return Escalate(track, now);
                }

                var cleared = track.Open with { State = AlertSeverities.Cleared, LastUpdated = now, Reason = observation.Reason };
                track.Open = null;
                track.ClearedAt = now;
                return [cleared];
            }

            var severity = track.Escalated ? AlertSeverities.Critical : observation.Severity;
            var changed = severity != track.Open.Severity;
            if (!changed && now - track.LastPublished < _options.UpdateInterval)
            {
                track.Open = Build(observation, track.Open.AlertId, track.Open.Severity, track.Open.State, track.Open.FirstSeen, now);
                return Escalate(track, now);
            }

            track.Open = Build(observation, track.Open.AlertId, severity, AlertSeverities.Updated, track.Open.FirstSeen, now);
            track.LastPublished = now;
            var escalated = Escalate(track, now);
            return escalated.Count > 0 ? escalated : [track.Open];
        }
    }

    /// <summary>Escalates every open, unacknowledged alert older than <see cref="MaintenanceOptions.EscalateAfter"/>.</summary>
    public IReadOnlyList<FailureAlert> CheckEscalations()
    {
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            var escalated = new List<FailureAlert>();
            foreach (var track in _tracks.Values)
            {
                escalated.AddRange(Escalate(track, now));
            }

            return escalated;
        }
    }

    /// <summary>Clears an open alert of (machine, kind) at once, without a cooldown; returns the cleared message, if one was open.</summary>
    public IReadOnlyList<FailureAlert> Clear(string machineId, string kind, string reason)
    {
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (!_tracks.Remove((machineId, kind), out var track) || track.Open is null)
            {
                return [];
            }

            return [track.Open with { State = AlertSeverities.Cleared, LastUpdated = now, Reason = reason }];
        }
    }

    /// <summary>Marks an open alert as seen by a person: it will not escalate. False when no open alert has that id.</summary>
    public bool Acknowledge(string alertId)
    {
        lock (_gate)
        {
            foreach (var track in _tracks.Values)
            {
                if (track.Open?.AlertId == alertId)
                {
                    track.Acknowledged = true;
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Open alerts, most severe first, with whether each was acknowledged.</summary>
    public IReadOnlyList<OpenAlert> OpenAlerts()
    {
        lock (_gate)
        {
            return
            [
                .. _tracks.Values
                    .Where(track => track.Open is not null)
                    .Select(track => new OpenAlert(track.Open!, track.Acknowledged))
                    .OrderByDescending(open => AlertSeverities.Rank(open.Alert.Severity))
                    .ThenBy(open => open.Alert.FirstSeen),
            ];
        }
    }

    private List<FailureAlert> Escalate(Track track, DateTimeOffset now)
    {
        if (track.Open is null || track.Acknowledged || track.Escalated || now - track.Open.FirstSeen < _options.EscalateAfter)
        {
            return [];
        }

        track.Escalated = true;
        track.Open = track.Open with { Severity = AlertSeverities.Critical, State = AlertSeverities.Escalated, LastUpdated = now };
        track.LastPublished = now;
        return [track.Open];
    }

    private static FailureAlert Build(AlertObservation observation, string id, string severity, string state, DateTimeOffset firstSeen, DateTimeOffset now) => new()
    {
        AlertId = id,
        MachineId = observation.MachineId,
        AlertKind = observation.Kind,
        Severity = severity,
        State = state,
        PredictedRemainingLife = observation.PredictedRemainingLife,
        RemainingLifeUnit = observation.RemainingLifeUnit,
        RemainingLifeLower = observation.RemainingLifeLower,
        RemainingLifeUpper = observation.RemainingLifeUpper,
        FailureProbability = observation.FailureProbability,
        Horizon = observation.Horizon,
        ModelVersion = observation.ModelVersion,
        Reason = observation.Reason,
        TopFeatures = observation.TopFeatures,
        FirstSeen = firstSeen,
        LastUpdated = now,
    };

    private sealed class Track
    {
        public int AbnormalRun { get; set; }

        public int NormalRun { get; set; }

        public FailureAlert? Open { get; set; }

        public bool Acknowledged { get; set; }

        public bool Escalated { get; set; }

        public DateTimeOffset? ClearedAt { get; set; }

        public DateTimeOffset LastPublished { get; set; }
    }
}
