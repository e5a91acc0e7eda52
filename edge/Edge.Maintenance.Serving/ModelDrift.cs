using System.Globalization;
using Edge.Contracts;
using Edge.Maintenance.Drift;
using Edge.Maintenance.Models;

namespace Edge.Maintenance.Serving;

/// <summary>Each served model's drift population (pooled over the machines it scores) and its index per window.</summary>
internal sealed class ModelDrift
{
    private readonly int _windows;
    private readonly Func<string, string> _subject;
    private readonly Dictionary<string, DateTimeOffset> _checkedAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Version, PopulationStability?[] Populations)> _drift = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTimeOffset WindowEnd, double? Index, string? Feature)> _driftIndex = new(StringComparer.Ordinal);

    public ModelDrift(int windows, Func<string, string> subject)
    {
        _windows = windows;
        _subject = subject;
    }

    /// <summary>
    /// The drift observation of a model at a window, once per window: drift is a property of the model's input
    /// population, not of one machine, so it is observed under the model's own name and N machines do not raise N
    /// copies of the same warning. Null when this window was already observed.
    /// </summary>
    public AlertObservation? Observation(string modelFile, DateTimeOffset windowEnd, double index, string drifted, string version, double threshold)
    {
        if (_checkedAt.GetValueOrDefault(modelFile) == windowEnd)
        {
            return null;
        }

        _checkedAt[modelFile] = windowEnd;
        return new AlertObservation
        {
            MachineId = _subject(modelFile),
            Kind = AlertKinds.Drift,
            Abnormal = index > threshold,
            Severity = AlertSeverities.Info,
            Reason = string.Create(CultureInfo.InvariantCulture, $"Input drift: feature {drifted} has PSI {index:F2} over the model's last {_windows} windows (warn above {threshold:F2}); predictions may be unreliable."),
            ModelVersion = version,
        };
    }

    /// <summary>
    /// Adds the features to the model's drift population: one rolling window pooled over every machine the model scores,
    /// since one machine's recent windows sit in one phase of its life and never look like the whole training set.
    /// The elapsed count is left out: it grows by design.
    /// </summary>
    public PopulationStability?[] Add(ServedModel model, float[] features)
    {
        var manifest = model.Bundle.Manifest;
        if (!_drift.TryGetValue(model.File, out var drift) || drift.Version != manifest.Version)
        {
            drift = (manifest.Version, [.. manifest.Histograms.Select(h => h.Feature == "elapsed" ? null : new PopulationStability(h, _windows))]);
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
    public (double? Index, string? Feature) WindowDrift(string modelFile, DateTimeOffset windowEnd, PopulationStability?[] populations, ModelManifest manifest)
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
}
