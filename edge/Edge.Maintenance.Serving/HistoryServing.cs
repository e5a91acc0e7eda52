using Edge.Contracts;
using Edge.Maintenance.History;

namespace Edge.Maintenance.Serving;

/// <summary>
/// Serves history models: for each machine whose kind (<see cref="MachineKinds"/>) has one, pushes every closed window
/// (means per sensor, at plant time, <see cref="PlantClock"/>) into the machine's <see cref="HistoryMachineState"/> and
/// predicts failure probability and remaining life with its 90% interval. The serving model's score becomes an alert
/// observation; the shadow model (cloud stage "shadow") is scored side by side and only compared. On promotion the
/// shadow's state carries over. Checkpoints and events (maintenance, failure, errors) go through here too.
/// Not thread-safe: the <see cref="MaintenanceObserver"/> calls it under its lock.
/// </summary>
internal sealed partial class HistoryServing
{
    private const int MaxPendingEvents = 32;

    private readonly ModelRegistry _registry;
    private readonly MaintenanceOptions _options;
    private readonly MachineKinds _kinds;
    private readonly ILogger _logger;
    private readonly Dictionary<string, HistoryMachine> _machines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ShadowTally> _shadows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _sensorsByKind = new(StringComparer.Ordinal);
    private readonly HistoryModelChoice _choice;
    private long _corruptCheckpoints;

    public HistoryServing(ModelRegistry registry, MaintenanceOptions options, ILogger logger)
    {
        _registry = registry;
        _options = options;
        _logger = logger;
        _kinds = new MachineKinds(options.MachineKinds);
        _choice = new HistoryModelChoice(registry, options.MachineKinds.Values);
        Clock = new PlantClock(options.ClockScale);
    }

    public PlantClock Clock { get; }

    public MachineKinds Kinds => _kinds;

    public long CorruptCheckpoints => Interlocked.Read(ref _corruptCheckpoints);

    public IReadOnlyDictionary<string, HistoryMachine> Machines => _machines;

    /// <summary>The serving and shadow history models of a machine kind: the cloud's first, else a file of the models folder.</summary>
    public (ServedHistoryModel? Serving, ServedHistoryModel? Shadow) ModelsFor(string kind) => _choice.ModelsFor(kind);

    /// <summary>Per kind (the default, the configured ones, the cloud's), the models in service and the comparison.</summary>
    public HistoryStatus Status()
    {
        var kinds = new SortedSet<string>(StringComparer.Ordinal) { MaintenanceOptions.DefaultMachineKind };
        kinds.UnionWith(_options.MachineKinds.Values);
        kinds.UnionWith(_registry.Assigned.Keys.Select(key => key.Kind));
        return new HistoryStatus(
            [
                .. kinds.Select(kind =>
                {
                    var (serving, shadow) = ModelsFor(kind);
                    return new KindModels(kind, serving?.Model.Version, serving?.Source, shadow?.Model.Version, _shadows.GetValueOrDefault(kind)?.Snapshot(kind));
                }),
            ],
            CorruptCheckpoints);
    }

    /// <summary>Sensors the machines of <paramref name="kind"/> reported so far (what a model for that kind can be fed).</summary>
    public IReadOnlyCollection<string> SensorsOf(string kind) =>
        _sensorsByKind.TryGetValue(kind, out var sensors) ? [.. sensors] : [];

    public IReadOnlyList<ShadowComparison> Comparisons() =>
        [.. _shadows.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Value.Snapshot(pair.Key))];

    /// <summary>Scores one window; null when the machine's kind has no history model (serving or shadow).</summary>
    public HistoryWindow? Score(MachineSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var kind = _kinds.KindOf(summary.MachineId);
        if (!_sensorsByKind.TryGetValue(kind, out var sensors))
        {
            sensors = new HashSet<string>(StringComparer.Ordinal);
            _sensorsByKind[kind] = sensors;
        }

        foreach (var sensor in summary.Sensors)
        {
            sensors.Add(sensor.Sensor);
        }

        var (serving, shadow) = ModelsFor(kind);
        if (serving is null && shadow is null)
        {
            return null;
        }

        if (!_machines.TryGetValue(summary.MachineId, out var machine))
        {
            machine = new HistoryMachine(kind);
            _machines[summary.MachineId] = machine;
        }

        var plantTime = Clock.At(summary.WindowEnd);
        var (servingHeld, shadowHeld) = (Held(machine, serving), Held(machine, shadow));
        var corrupt = (Exception exception) => Corrupt(summary.MachineId, exception);
        var (previousServing, previousShadow) = (machine.Serving, machine.Shadow);
        machine.Serving = serving is null ? null : machine.Take(serving.Model, servingHeld, corrupt, previousServing);
        machine.Shadow = shadow is null || (serving is not null && serving.Model.Version == shadow.Model.Version)
            ? null
            : machine.Take(shadow.Model, shadowHeld, corrupt, previousShadow ?? previousServing);
        if (machine.Restored is { Count: 0 })
        {
            machine.Restored = null;
        }

        if (machine.PendingEvents is { } pending)
        {
            machine.PendingEvents = null;
            foreach (var machineEvent in pending)
            {
                Apply(machine, machineEvent);
            }
        }

        machine.Dirty = true;
        var servingScore = serving is null ? null : Step(machine.Serving!, serving, summary, plantTime);
        var shadowScore = shadow is null || machine.Shadow is null ? null : Step(machine.Shadow, shadow, summary, plantTime);
        if (servingScore is not null && shadowScore is not null)
        {
            if (!_shadows.TryGetValue(kind, out var tally))
            {
                tally = new ShadowTally();
                _shadows[kind] = tally;
            }

            tally.Add(servingScore.Version, shadowScore.Version, servingScore.Alert, shadowScore.Alert, servingScore.FailureProbability, shadowScore.FailureProbability);
        }

        return new HistoryWindow(kind, serving, servingScore, shadow, shadowScore);
    }

    /// <summary>A maintenance or failure restarts the rolling state (the model's own rules); errors are counted by it.</summary>
    public void Record(MachineEvent machineEvent)
    {
        ArgumentNullException.ThrowIfNull(machineEvent);
        if (!_machines.TryGetValue(machineEvent.Machine, out var machine))
        {
            machine = new HistoryMachine(_kinds.KindOf(machineEvent.Machine));
            _machines[machineEvent.Machine] = machine;
        }

        if (machine.Serving is null && machine.Shadow is null)
        {
            // No state yet (first window after a start still to come): applied once it exists.
            machine.PendingEvents ??= [];
            if (machine.PendingEvents.Count < MaxPendingEvents)
            {
                machine.PendingEvents.Add(machineEvent);
            }

            return;
        }

        Apply(machine, machineEvent);
        machine.Dirty = true;
    }

    /// <summary>Checkpoints of the machines changed since the last call (all of them with <paramref name="all"/>).</summary>
    public List<KeyValuePair<string, byte[]>> Checkpoint(bool all = false)
    {
        var rows = new List<KeyValuePair<string, byte[]>>();
        foreach (var (name, machine) in _machines)
        {
            if ((machine.Dirty || all) && (machine.Serving is not null || machine.Shadow is not null))
            {
                rows.Add(new(name, machine.Checkpoint()));
                machine.Dirty = false;
            }
        }

        return rows;
    }

    /// <summary>Takes the checkpoints read at start; a row that cannot be read is counted, logged and skipped.</summary>
    public int Restore(IReadOnlyDictionary<string, byte[]> checkpoints)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        var restored = 0;
        foreach (var (name, bytes) in checkpoints)
        {
            try
            {
                _machines[name] = HistoryMachine.Read(bytes);
                restored++;
            }
            catch (Exception exception) when (exception is InvalidDataException or EndOfStreamException or IOException or ArgumentException or FormatException)
            {
                Corrupt(name, exception);
            }
        }

        return restored;
    }

    private static HistoryTrack? Held(HistoryMachine machine, ServedHistoryModel? model)
    {
        if (model is null)
        {
            return null;
        }

        // The track already held for this version, whichever stage held it (a promoted shadow keeps its state).
        return machine.Serving?.Version == model.Model.Version ? machine.Serving
            : machine.Shadow?.Version == model.Model.Version ? machine.Shadow
            : null;
    }

    private void Apply(HistoryMachine machine, MachineEvent machineEvent)
    {
        var atPlantTime = machineEvent with { Timestamp = Clock.At(machineEvent.Timestamp) };
        machine.Serving?.State.Record(atPlantTime);
        machine.Shadow?.State.Record(atPlantTime);
    }

    private HistoryScore? Step(HistoryTrack track, ServedHistoryModel served, MachineSummary summary, DateTimeOffset plantTime)
    {
        var model = served.Model;
        var names = model.Sensors;
        Span<double> values = names.Count <= 64 ? stackalloc double[names.Count] : new double[names.Count];
        for (var s = 0; s < names.Count; s++)
        {
            values[s] = double.NaN;
            foreach (var sensor in summary.Sensors)
            {
                if (string.Equals(sensor.Sensor, names[s], StringComparison.Ordinal))
                {
                    values[s] = sensor.Mean;
                    break;
                }
            }
        }

        track.State.Push(plantTime, values);
        if (!track.State.Ready)
        {
            return null;
        }

        var prediction = model.Predict(track.State);
        var threshold = _options.FailureProbabilityThreshold ?? model.DecisionThreshold;
        var probability = Math.Round(prediction.FailureProbability, 4);
        var top = new List<FeatureContribution>(Math.Min(_options.TopFeatures, prediction.TopFeatures.Count));
        for (var f = 0; f < prediction.TopFeatures.Count && f < _options.TopFeatures; f++)
        {
            var feature = prediction.TopFeatures[f];
            top.Add(new FeatureContribution
            {
                Feature = feature.Feature,
                Value = Math.Round(feature.Value, 4),
                TrainingMin = feature.TrainingMin,
                TrainingMax = feature.TrainingMax,
                Contribution = Math.Round(feature.Contribution, 4),
            });
        }

        return new HistoryScore(
            model.Version,
            served.Stage,
            probability,
            Round(prediction.RemainingLife),
            Round(prediction.Lower),
            Round(prediction.Upper),
            model.RemainingLifeUnit,
            prediction.FailureProbability >= threshold,
            threshold,
            top);
    }

    private static double? Round(double? value) => value is { } v && double.IsFinite(v) ? Math.Round(v, 1) : null;

    private void Corrupt(string machine, Exception exception)
    {
        Interlocked.Increment(ref _corruptCheckpoints);
        LogCorruptCheckpoint(machine, exception.Message);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpoint of machine {Machine} unreadable, skipped (the machine starts afresh): {Reason}")]
    private partial void LogCorruptCheckpoint(string machine, string reason);
}
