using System.Collections.Concurrent;
using System.Globalization;
using Edge.Contracts;
using Edge.Ingest.Telemetry;
using Edge.Maintenance.History;
using Edge.Maintenance.Serving.CloudLink;
using Edge.Maintenance.Models;
using Microsoft.Extensions.Options;

namespace Edge.Maintenance.Serving;

/// <summary>
/// Scores every machine at every window close with the shared feature code: each served model whose channels the
/// machine reports (remaining life or failure probability, plus the drift check of its features), or, for a machine no
/// model fits, the per-sensor anomaly fallback. Observations go through the <see cref="AlertPolicy"/>; the alert state
/// changes it returns are delivered by the <see cref="AlertPublisher"/>.
/// </summary>
public sealed partial class MaintenanceObserver : IWindowObserver
{
    public const string FallbackSource = "anomaly-fallback";

    private readonly ModelRegistry _registry;
    private readonly AlertPolicy _policy;
    private readonly AlertPublisher _publisher;
    private readonly MaintenanceOptions _options;
    private readonly ILogger<MaintenanceObserver> _logger;
    private readonly Dictionary<string, MachineTracker> _machines = new(StringComparer.Ordinal);
    // Machines reporting the same sensors share one sensor layout (names and columns), grown from this root.
    private readonly SensorLayout _layouts = SensorLayout.Empty();
    private readonly ConcurrentDictionary<(string Machine, string Source), LatestPrediction> _predictions = new();
    private readonly ModelDrift _drift;
    private readonly HistoryServing _history;
    private readonly AnomalyCheckpoints _baselines;
    // Windows come from the window service's thread, events and checkpoints from others.
    private readonly Lock _gate = new();
    private DateTimeOffset? _escalationsCheckedAt;

    public MaintenanceObserver(ModelRegistry registry, AlertPolicy policy, AlertPublisher publisher, IOptions<MaintenanceOptions> options, ILogger<MaintenanceObserver> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _registry = registry;
        _policy = policy;
        _publisher = publisher;
        _options = options.Value;
        _logger = logger;
        _drift = new ModelDrift(_options.DriftWindows, DriftSubject);
        _history = new HistoryServing(registry, _options, logger);
        _baselines = new AnomalyCheckpoints(_options);
    }

    /// <summary>Latest prediction per (machine, model or fallback), for the status API.</summary>
    public IReadOnlyList<MachinePrediction> Predictions =>
        [.. _predictions
            .OrderBy(p => p.Key.Machine, StringComparer.Ordinal)
            .ThenBy(p => p.Key.Source, StringComparer.Ordinal)
            .Select(p => p.Value.ToPrediction(p.Key.Machine))];

    public async ValueTask OnWindowClosedAsync(MachineSummary summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(summary);
        List<FailureAlert> alerts;
        lock (_gate)
        {
            alerts = Score(summary);
        }

        await _publisher.PublishAsync(alerts, cancellationToken);
    }

    /// <summary>An event (local API or cloud); a maintenance or failure restarts the machine's state. Returns its checkpoint, to save at once.</summary>
    public byte[]? Record(MachineEvent machineEvent)
    {
        ArgumentNullException.ThrowIfNull(machineEvent);
        lock (_gate)
        {
            _history.Record(machineEvent);
            if (machineEvent.Kind is MachineEventKinds.Maintenance or MachineEventKinds.Failure)
            {
                _machines.Remove(machineEvent.Machine);
                _baselines.Forget(machineEvent.Machine);
            }

            return _history.Machines.TryGetValue(machineEvent.Machine, out var machine) && (machine.Serving is not null || machine.Shadow is not null)
                ? machine.Checkpoint()
                : null;
        }
    }

    /// <summary>History state of the machines changed since the last call, every machine's anomaly baselines, the plant clock's origin.</summary>
    public MaintenanceCheckpoint Checkpoint()
    {
        lock (_gate)
        {
            return new MaintenanceCheckpoint(_history.Checkpoint(), AnomalyCheckpoints.Collect(_machines), _history.Clock.Save());
        }
    }

    /// <summary>Takes the checkpoint saved before a restart; unreadable rows are counted in <see cref="History"/> and skipped.</summary>
    public int Restore(MaintenanceCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        lock (_gate)
        {
            _history.Clock.Restore(checkpoint.ClockOrigin);
            _baselines.Load(checkpoint.Baselines.ToDictionary(StringComparer.Ordinal));
            return _history.Restore(checkpoint.History.ToDictionary(StringComparer.Ordinal));
        }
    }

    /// <summary>Serving and shadow history models per machine kind, their comparison, and unreadable checkpoints.</summary>
    public HistoryStatus History()
    {
        lock (_gate)
        {
            return _history.Status() with { CorruptCheckpoints = _history.CorruptCheckpoints + _baselines.Corrupt };
        }
    }

    /// <summary>The sensors machines of <paramref name="kind"/> reported so far (empty before the first window).</summary>
    public IReadOnlyCollection<string> SensorsOf(string kind)
    {
        lock (_gate)
        {
            return _history.SensorsOf(kind);
        }
    }

    private List<FailureAlert> Score(MachineSummary summary)
    {
        if (!_machines.TryGetValue(summary.MachineId, out var machine))
        {
            machine = new MachineTracker(_options, _layouts);
            _machines[summary.MachineId] = machine;
            _baselines.Restore(summary.MachineId, machine);
        }

        machine.Add(summary);
        var alerts = new List<FailureAlert>();
        var scored = ScoreHistory(summary, alerts);
        foreach (var model in _registry.Models.Values.OrderBy(m => m.File, StringComparer.Ordinal))
        {
            if (!machine.Has(model.Bundle.Manifest.Channels))
            {
                continue;
            }

            scored = true;
            alerts.AddRange(ScoreModel(summary, machine, model));
        }

        if (!scored)
        {
            alerts.AddRange(ScoreFallback(summary, machine));
        }
        else if (_predictions.TryRemove((summary.MachineId, FallbackSource), out _))
        {
            // The fallback is for machines without a model: what it left open closes once a model scores the machine.
            alerts.AddRange(_policy.Clear(summary.MachineId, AlertKinds.Anomaly, "A trained model now scores this machine; the anomaly fallback no longer applies."));
        }

        if (_escalationsCheckedAt != summary.WindowEnd)
        {
            // Escalation is a matter of time, not of a machine: once per window close, not once per machine (which
            // walked every open track for every machine, quadratic in the fleet).
            _escalationsCheckedAt = summary.WindowEnd;
            alerts.AddRange(_policy.CheckEscalations());
        }

        return alerts;
    }

    /// <summary>Scores the history models of the machine's kind; true when a serving one exists (then no anomaly fallback).</summary>
    private bool ScoreHistory(MachineSummary summary, List<FailureAlert> alerts)
    {
        if (_history.Score(summary) is not { } window)
        {
            return false;
        }

        var shadowSource = ServedHistoryModel.CloudSource(window.Kind, CloudModelStages.Shadow);
        if (window is { Shadow: { } shadow, ShadowScore: { } shadowScore })
        {
            // Recorded and compared only, never alerts; kept without top features (a tenth of a machine's memory).
            _predictions[(summary.MachineId, shadow.Source)] = LatestPrediction.ForHistory(shadow.Source, shadowScore with { TopFeatures = [] }, shadowScore.Alert, summary.WindowEnd);
        }
        else if (window.Shadow is null)
        {
            _predictions.TryRemove((summary.MachineId, shadowSource), out _);
        }

        if (window.Serving is not { } serving)
        {
            return false;
        }

        if (window.ServingScore is { } score)
        {
            alerts.AddRange(_policy.Observe(score.ToObservation(summary.MachineId, serving.Model.Horizon)));
            _predictions[(summary.MachineId, serving.Source)] = LatestPrediction.ForHistory(serving.Source, score, score.Alert, summary.WindowEnd);
        }

        return true;
    }

    private List<FailureAlert> ScoreModel(MachineSummary summary, MachineTracker machine, ServedModel model)
    {
        var manifest = model.Bundle.Manifest;
        var features = machine.Features(model);
        var drift = _drift.Add(model, features);
        var prediction = model.Bundle.Predict(features);
        var topFeatures = TopFeature.Select(features, prediction.Contributions, _options.TopFeatures);
        var top = TopFeature.ToContributions(topFeatures, manifest);
        var alerts = new List<FailureAlert>();
        AlertObservation observation;
        double reported;
        if (manifest.Kind == ModelKinds.RemainingLife)
        {
            var threshold = _options.RemainingLifeThreshold;
            reported = Math.Round(prediction.Value, 1);
            observation = new AlertObservation
            {
                MachineId = summary.MachineId,
                Kind = AlertKinds.RemainingLifeLow,
                Abnormal = prediction.Value <= threshold,
                Severity = prediction.Value <= threshold / 2 ? AlertSeverities.Critical : AlertSeverities.Warning,
                Reason = string.Create(CultureInfo.InvariantCulture, $"Predicted remaining life {prediction.Value:F0} {manifest.RemainingLifeUnit} (alert at or below {threshold:F0})."),
                PredictedRemainingLife = reported,
                RemainingLifeUnit = manifest.RemainingLifeUnit,
                ModelVersion = manifest.Version,
                TopFeatures = top,
            };
        }
        else
        {
            var threshold = _options.FailureProbabilityThreshold ?? manifest.DecisionThreshold;
            reported = Math.Round(prediction.Value, 4);
            observation = new AlertObservation
            {
                MachineId = summary.MachineId,
                Kind = AlertKinds.FailureLikely,
                Abnormal = prediction.Value >= threshold,
                Severity = prediction.Value >= (1 + threshold) / 2 ? AlertSeverities.Critical : AlertSeverities.Warning,
                Reason = string.Create(CultureInfo.InvariantCulture, $"Failure probability {prediction.Value:P0} at the current operating point (alert at or above {threshold:P0})."),
                FailureProbability = reported,
                Horizon = summary.WindowEnd - summary.WindowStart,
                ModelVersion = manifest.Version,
                TopFeatures = top,
            };
        }

        alerts.AddRange(_policy.Observe(observation));
        var (psi, drifted) = _drift.WindowDrift(model.File, summary.WindowEnd, drift, manifest);
        if (psi is { } index && _drift.Observation(model.File, summary.WindowEnd, index, drifted!, manifest.Version, _options.DriftThreshold) is { } driftObservation)
        {
            if (driftObservation.Abnormal)
            {
                LogDrift(manifest.Version, drifted!, index);
            }

            alerts.AddRange(_policy.Observe(driftObservation));
        }

        _predictions[(summary.MachineId, model.File)] = LatestPrediction.ForModel(
            model.File,
            manifest,
            reported,
            psi,
            drifted,
            observation.Abnormal,
            summary.WindowEnd,
            topFeatures);
        return alerts;
    }

    private IReadOnlyList<FailureAlert> ScoreFallback(MachineSummary summary, MachineTracker machine)
    {
        var (abnormal, ranked) = machine.Anomalies(summary, _baselines.NewDetector);
        var top = ranked.Take(_options.TopFeatures).ToList();
        var worst = top.Count > 0 ? top[0] : null;
        _predictions[(summary.MachineId, FallbackSource)] = LatestPrediction.ForFallback(abnormal, summary.WindowEnd, top);
        return _policy.Observe(new AlertObservation
        {
            MachineId = summary.MachineId,
            Kind = AlertKinds.Anomaly,
            Abnormal = abnormal,
            Severity = AlertSeverities.Warning,
            Reason = worst is null
                ? "No sensor readings."
                : string.Create(CultureInfo.InvariantCulture, $"Sensor {worst.Feature} at {worst.Value:G4}, {worst.Contribution:F1} standard deviations from its recent baseline (no trained model for this machine)."),
            TopFeatures = top,
        });
    }

    /// <summary>Subject of a model's drift alerts in place of a machine: <c>model-&lt;file name without extension&gt;</c>.</summary>
    public static string DriftSubject(string modelFile) => "model-" + Path.GetFileNameWithoutExtension(modelFile);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Input drift for model {Version}: feature {Feature} PSI {Index}")]
    private partial void LogDrift(string version, string feature, double index);
}
