using Edge.Maintenance.History;
using Edge.Maintenance.Serving.CloudLink;

namespace Edge.Maintenance.Serving;

/// <summary>
/// Brings the served cloud models in line with the cloud's assignment: downloads each assigned file not held yet,
/// checks its SHA-256 and signature (<see cref="CloudModelFiles"/>), loads it, refuses it when it needs features the
/// gateway cannot compute for that kind's machines, and serves it at its stage. A refused file is counted, logged and
/// recorded; the model already in that slot keeps serving. A slot the cloud no longer assigns is emptied (promotion and
/// rollback are just a new assignment).
/// </summary>
public sealed partial class CloudModelFetcher
{
    private readonly CloudLinkClient _client;
    private readonly CloudModelFiles _files;
    private readonly ModelRegistry _registry;
    private readonly MaintenanceObserver _observer;
    private readonly ILogger<CloudModelFetcher> _logger;
    // Files already refused (by version, hash and signature): not downloaded again at every poll, counted once.
    private readonly Dictionary<(string Version, string? Sha256, string? Signature), string> _refused = [];
    private long _refusedCount;

    public CloudModelFetcher(CloudLinkClient client, CloudModelFiles files, ModelRegistry registry, MaintenanceObserver observer, ILogger<CloudModelFetcher> logger)
    {
        _client = client;
        _files = files;
        _registry = registry;
        _observer = observer;
        _logger = logger;
    }

    public CloudLinkClient Client => _client;

    public long Refused => Interlocked.Read(ref _refusedCount);

    /// <summary>
    /// Applies <paramref name="assignments"/>. With <paramref name="offline"/> (at start, from the last assignment seen)
    /// nothing is downloaded: only files already on disk that still pass their checks are served.
    /// </summary>
    public async Task ApplyAsync(IReadOnlyList<CloudModelAssignment> assignments, bool offline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        var wanted = new Dictionary<(string Kind, string Stage), CloudModelAssignment>();
        foreach (var assignment in assignments)
        {
            if (assignment.Stage is CloudModelStages.Serving or CloudModelStages.Shadow && !string.IsNullOrWhiteSpace(assignment.MachineKind) && !string.IsNullOrWhiteSpace(assignment.Version))
            {
                wanted[(assignment.MachineKind, assignment.Stage)] = assignment;
            }
        }

        foreach (var ((kind, stage), assignment) in wanted)
        {
            if (_registry.Assigned.TryGetValue((kind, stage), out var current) && current.Model.Version == assignment.Version)
            {
                continue;
            }

            if (await LoadAsync(assignment, offline, cancellationToken) is { } model)
            {
                _registry.Assign(kind, stage, model, ServedHistoryModel.CloudSource(kind, stage));
            }
        }

        foreach (var slot in _registry.Assigned.Keys)
        {
            if (!wanted.ContainsKey(slot))
            {
                _registry.Unassign(slot.Kind, slot.Stage);
            }
        }
    }

    private async Task<HistoryModel?> LoadAsync(CloudModelAssignment assignment, bool offline, CancellationToken cancellationToken)
    {
        foreach (var served in _registry.Assigned.Values)
        {
            // Promotion: the shadow becomes serving; the model is loaded already.
            if (served.Model.Version == assignment.Version && served.Kind == assignment.MachineKind)
            {
                return served.Model;
            }
        }

        if (_refused.ContainsKey((assignment.Version, assignment.Sha256, assignment.Signature)))
        {
            return null;
        }

        var path = _files.Verified(assignment);
        if (path is null)
        {
            if (offline)
            {
                return null;
            }

            byte[] file;
            try
            {
                file = await _client.DownloadModelAsync(assignment.Version, cancellationToken);
            }
            catch (HttpRequestException exception)
            {
                // Not the file's fault: tried again at the next poll.
                LogDownloadFailed(assignment.Version, exception.Message);
                return null;
            }
            catch (InvalidDataException exception)
            {
                return Refuse(assignment, exception.Message);
            }

            if (_files.Check(file, assignment) is { } reason)
            {
                return Refuse(assignment, reason);
            }

            path = _files.Save(assignment, file);
        }

        HistoryModel model;
        try
        {
            model = HistoryModel.Load(path);
        }
        catch (InvalidDataException exception)
        {
            return Refuse(assignment, "not a history model: " + exception.Message);
        }

        if (model.Version != assignment.Version)
        {
            return Refuse(assignment, "the file is version " + model.Version);
        }

        var sensors = _observer.SensorsOf(assignment.MachineKind);
        var missing = model.MissingFeatures(sensors.Count > 0 ? sensors : [.. model.Sensors]);
        return missing.Count > 0
            ? Refuse(assignment, "features the gateway cannot compute: " + string.Join(", ", missing))
            : model;
    }

    private HistoryModel? Refuse(CloudModelAssignment assignment, string reason)
    {
        _refused[(assignment.Version, assignment.Sha256, assignment.Signature)] = reason;
        Interlocked.Increment(ref _refusedCount);
        _registry.Reject(ServedHistoryModel.CloudSource(assignment.MachineKind, assignment.Stage) + "/" + assignment.Version, reason);
        var kept = _registry.Assigned.TryGetValue((assignment.MachineKind, assignment.Stage), out var current) ? current.Model.Version : "none";
        LogRefused(assignment.Version, assignment.MachineKind, assignment.Stage, reason, kept);
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cloud model {Version} could not be downloaded: {Reason}; retrying at the next poll")]
    private partial void LogDownloadFailed(string version, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cloud model {Version} for kind {Kind} ({Stage}) refused: {Reason}. Still in that slot: {Kept}")]
    private partial void LogRefused(string version, string kind, string stage, string reason, string kept);
}
