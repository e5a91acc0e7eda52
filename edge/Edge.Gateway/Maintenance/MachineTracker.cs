using Edge.Contracts;
using Edge.Maintenance.Anomaly;
using Edge.Maintenance.Features;
using Edge.Maintenance.Models;

namespace Edge.Gateway.Maintenance;

/// <summary>
/// What the gateway remembers about one machine between windows: its recent window means (replayed into a model's
/// features when a model is swapped in), per-model feature and drift state, and per-sensor anomaly detectors.
/// Used only from the window service's thread.
/// </summary>
internal sealed class MachineTracker
{
    private readonly MaintenanceOptions _options;
    private readonly Queue<Dictionary<string, double>> _history = new();
    private readonly Dictionary<string, double> _lastKnown = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ModelTrack> _models = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StreamingAnomalyDetector> _detectors = new(StringComparer.Ordinal);

    public MachineTracker(MaintenanceOptions options)
    {
        _options = options;
    }

    /// <summary>Records one window's means; sensors missing from it keep their last value.</summary>
    public void Add(MachineSummary summary)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var sensor in summary.Sensors)
        {
            values[sensor.Sensor] = sensor.Mean;
            _lastKnown[sensor.Sensor] = sensor.Mean;
        }

        _history.Enqueue(values);
        while (_history.Count > _options.HistoryWindows)
        {
            _history.Dequeue();
        }
    }

    public bool Has(IReadOnlyList<string> channels) => channels.All(_lastKnown.ContainsKey);

    /// <summary>Features of <paramref name="model"/> at the current window.</summary>
    public float[] Features(ServedModel model)
    {
        var manifest = model.Bundle.Manifest;
        if (!_models.TryGetValue(model.File, out var track) || track.Version != manifest.Version)
        {
            track = new ModelTrack(manifest);
            _models[model.File] = track;
            if (track.Sequence is not null)
            {
                // A model swapped in mid-life starts from the machine's retained history, not from nothing.
                var carried = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (var window in _history.Take(_history.Count - 1))
                {
                    foreach (var (sensor, value) in window)
                    {
                        carried[sensor] = value;
                    }

                    if (manifest.Channels.All(carried.ContainsKey))
                    {
                        track.Sequence.Push(Values(manifest.Channels, carried));
                    }
                }
            }
        }

        var current = Values(manifest.Channels, _lastKnown);
        float[] features;
        if (track.Sequence is not null)
        {
            track.Sequence.Push(current);
            features = track.Sequence.Features();
        }
        else
        {
            features = OperatingPointFeatures.Compute(current);
        }

        return features;
    }

    /// <summary>Runs the per-sensor detectors over the latest window; returns the sensors ranked by how anomalous they are.</summary>
    public (bool Abnormal, List<FeatureContribution> Ranked) Anomalies(MachineSummary summary)
    {
        var anomalous = false;
        var ranked = new List<FeatureContribution>();
        foreach (var sensor in summary.Sensors)
        {
            if (!_detectors.TryGetValue(sensor.Sensor, out var detector))
            {
                detector = new StreamingAnomalyDetector(new AnomalyOptions
                {
                    ZThreshold = _options.AnomalyZThreshold,
                    CusumThreshold = _options.AnomalyCusumThreshold,
                    WarmUp = _options.AnomalyWarmUpWindows,
                });
                _detectors[sensor.Sensor] = detector;
            }

            var baselineMean = detector.Mean;
            var baselineSd = detector.StandardDeviation;
            var score = detector.Add(sensor.Mean);
            anomalous |= score.IsAnomalous;
            ranked.Add(new FeatureContribution
            {
                Feature = sensor.Sensor,
                Value = sensor.Mean,
                TrainingMin = baselineMean - (_options.AnomalyZThreshold * baselineSd),
                TrainingMax = baselineMean + (_options.AnomalyZThreshold * baselineSd),
                Contribution = score.ZScore,
            });
        }

        ranked.Sort((a, b) => Math.Abs(b.Contribution).CompareTo(Math.Abs(a.Contribution)));
        return (anomalous, ranked);
    }

    private static double[] Values(IReadOnlyList<string> channels, Dictionary<string, double> source)
    {
        var values = new double[channels.Count];
        for (var c = 0; c < channels.Count; c++)
        {
            values[c] = source[channels[c]];
        }

        return values;
    }

    private sealed class ModelTrack
    {
        public ModelTrack(ModelManifest manifest)
        {
            Version = manifest.Version;
            Sequence = manifest.Kind == ModelKinds.RemainingLife && manifest.Features is not null
                ? new SequenceFeatureState(new FeatureSchema(manifest.Channels, manifest.Features))
                : null;
        }

        public string Version { get; }

        public SequenceFeatureState? Sequence { get; }
    }
}
