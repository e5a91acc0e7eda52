using System.Collections.Concurrent;
using System.Globalization;
using Edge.Contracts;
using Edge.Ingest.Telemetry;
using Edge.Maintenance.Drift;
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
    private readonly Dictionary<string, (string Version, PopulationStability?[] Populations)> _drift = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _driftCheckedAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTimeOffset WindowEnd, double? Index, string? Feature)> _driftIndex = new(StringComparer.Ordinal);
    private DateTimeOffset? _escalationsCheckedAt;

    public MaintenanceObserver(ModelRegistry registry, AlertPolicy policy, AlertPublisher publisher, IOptions<MaintenanceOptions> options, ILogger<MaintenanceObserver> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _registry = registry;
        _policy = policy;
        _publisher = publisher;
        _options = options.Value;
        _logger = logger;
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
        if (!_machines.TryGetValue(summary.MachineId, out var machine))
        {
            machine = new MachineTracker(_options, _layouts);
            _machines[summary.MachineId] = machine;
        }

        machine.Add(summary);
        var alerts = new List<FailureAlert>();
        var scored = false;
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

        if (_escalationsCheckedAt != summary.WindowEnd)
        {
            // Escalation is a matter of time, not of a machine: once per window close, not once per machine (which
            // walked every open track for every machine, quadratic in the fleet).
            _escalationsCheckedAt = summary.WindowEnd;
            alerts.AddRange(_policy.CheckEscalations());
        }

        await _publisher.PublishAsync(alerts, cancellationToken);
    }

    private List<FailureAlert> ScoreModel(MachineSummary summary, MachineTracker machine, ServedModel model)
    {
        var manifest = model.Bundle.Manifest;
        var features = machine.Features(model);
        var drift = Drift(model, features);
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
        var (psi, drifted) = WindowDrift(model.File, summary.WindowEnd, drift, manifest);
        if (psi is { } index && _driftCheckedAt.GetValueOrDefault(model.File) != summary.WindowEnd)
        {
            // Drift is a property of the model's input population, not of one machine: one observation per window,
            // under the model's own name, so N machines do not raise N copies of the same warning.
            _driftCheckedAt[model.File] = summary.WindowEnd;
            var abnormal = index > _options.DriftThreshold;
            if (abnormal)
            {
                LogDrift(manifest.Version, drifted!, index);
            }

            alerts.AddRange(_policy.Observe(new AlertObservation
            {
                MachineId = DriftSubject(model.File),
                Kind = AlertKinds.Drift,
                Abnormal = abnormal,
                Severity = AlertSeverities.Info,
                Reason = string.Create(CultureInfo.InvariantCulture, $"Input drift: feature {drifted} has PSI {index:F2} over the model's last {_options.DriftWindows} windows (warn above {_options.DriftThreshold:F2}); predictions may be unreliable."),
                ModelVersion = manifest.Version,
            }));
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
        var (abnormal, ranked) = machine.Anomalies(summary);
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

    /// <summary>
    /// Adds the features to the model's drift population: one rolling window pooled over every machine the model scores,
    /// since one machine's recent windows sit in one phase of its life and never look like the whole training set.
    /// The elapsed count is left out: it grows by design.
    /// </summary>
    private PopulationStability?[] Drift(ServedModel model, float[] features)
    {
        var manifest = model.Bundle.Manifest;
        if (!_drift.TryGetValue(model.File, out var drift) || drift.Version != manifest.Version)
        {
            drift = (manifest.Version, [.. manifest.Histograms.Select(h => h.Feature == "elapsed" ? null : new PopulationStability(h, _options.DriftWindows))]);
            _drift[model.File] = drift;
            _driftIndex.Remove(model.File);
        }

        for (var f = 0; f < features.Length && f < drift.Populations.Length; f++)
        {
            drift.Populations[f]?.Add(features[f]);
        }

        return drift.Populations;
    }

    /// <summary>
    /// The model's drift at this window, computed for the first machine the window scores and reused for the others:
    /// the index is a property of the pooled population, and computing it (a logarithm per feature and bin) for every
    /// machine cost more than scoring the machine.
    /// </summary>
    private (double? Index, string? Feature) WindowDrift(string modelFile, DateTimeOffset windowEnd, PopulationStability?[] populations, ModelManifest manifest)
    {
        if (_driftIndex.TryGetValue(modelFile, out var cached) && cached.WindowEnd == windowEnd)
        {
            return (cached.Index, cached.Feature);
        }

        var (index, feature) = MaxDrift(populations, manifest);
        _driftIndex[modelFile] = (windowEnd, index, feature);
        return (index, feature);
    }

    private static (double? Index, string? Feature) MaxDrift(PopulationStability?[] populations, ModelManifest manifest)
    {
        double? max = null;
        string? feature = null;
        for (var f = 0; f < populations.Length; f++)
        {
            if (populations[f] is not { } drift)
            {
                continue;
            }

            if (drift.Count < drift.Window)
            {
                return (null, null);
            }

            var index = drift.Index();
            if (max is null || index > max)
            {
                max = index;
                feature = manifest.FeatureNames[f];
            }
        }

        return (max, feature);
    }

    /// <summary>Subject of a model's drift alerts in place of a machine: <c>model-&lt;file name without extension&gt;</c>.</summary>
    public static string DriftSubject(string modelFile) => "model-" + Path.GetFileNameWithoutExtension(modelFile);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Input drift for model {Version}: feature {Feature} PSI {Index}")]
    private partial void LogDrift(string version, string feature, double index);
}
