using System.Runtime.CompilerServices;
using Edge.Contracts;
using Edge.Maintenance.Anomaly;
using Edge.Maintenance.Features;
using Edge.Maintenance.Models;

namespace Edge.Gateway.Maintenance;

/// <summary>
/// What the gateway remembers about one machine between windows: its last <see cref="MaintenanceOptions.HistoryWindows"/>
/// window means (replayed into a model's features when a model with a new schema is swapped in), per-model feature state,
/// and per-sensor anomaly detectors. Kept small on purpose (a gateway serves hundreds of machines on a Pi): sensors are
/// columns of one name map, the history is one ring of rows of single-precision means, the feature schema is shared by all
/// machines a model scores, and a model replacing one of the same schema takes over its feature state instead of a replay.
/// Used only from the window service's thread.
/// </summary>
internal sealed class MachineTracker
{
    // One schema per loaded model, shared by every machine (a schema holds the model's feature names: 300+ strings).
    private static readonly ConditionalWeakTable<ModelManifest, FeatureSchema> s_schemas = [];

    private readonly MaintenanceOptions _options;
    private readonly Dictionary<string, int> _columns = new(StringComparer.Ordinal);
    private double[] _lastKnown = [];

    // Ring of HistoryWindows rows of _columns.Count means each (row r at r * _columns.Count); NaN = sensor not in that window.
    private float[] _history = [];
    private int _historyNext;
    private int _historyCount;
    private long _windows;
    private Dictionary<string, ModelTrack>? _models;
    private Dictionary<string, StreamingAnomalyDetector>? _detectors;

    public MachineTracker(MaintenanceOptions options)
    {
        _options = options;
    }

    /// <summary>Records one window's means; sensors missing from it keep their last value.</summary>
    public void Add(MachineSummary summary)
    {
        var width = _columns.Count;
        foreach (var sensor in summary.Sensors)
        {
            var column = ColumnOf(sensor.Sensor);
            _lastKnown[column] = sensor.Mean;
        }

        var windows = _options.HistoryWindows;
        if (_history.Length != windows * _columns.Count)
        {
            Widen(width, windows);
        }

        // NaN marks a sensor absent from this window (window means are finite).
        var row = _history.AsSpan(_historyNext * _columns.Count, _columns.Count);
        row.Fill(float.NaN);
        foreach (var sensor in summary.Sensors)
        {
            row[_columns[sensor.Sensor]] = (float)sensor.Mean;
        }

        _historyNext = (_historyNext + 1) % windows;
        _historyCount = Math.Min(_historyCount + 1, windows);
        _windows++;
    }

    public bool Has(IReadOnlyList<string> channels)
    {
        for (var c = 0; c < channels.Count; c++)
        {
            if (!_columns.ContainsKey(channels[c]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Features of <paramref name="model"/> at the current window.</summary>
    public float[] Features(ServedModel model)
    {
        var manifest = model.Bundle.Manifest;
        _models ??= new Dictionary<string, ModelTrack>(StringComparer.Ordinal);
        if (!_models.TryGetValue(model.File, out var previous) || previous.Version != manifest.Version)
        {
            var track = new ModelTrack(manifest);
            if (track.Sequence is not null)
            {
                if (previous?.Sequence is { } carried && SameSchema(carried.Schema, track.Sequence.Schema))
                {
                    // A retrained model of the same schema continues exactly where the previous one was.
                    track = new ModelTrack(manifest.Version, carried.Clone());
                }
                else
                {
                    // A model swapped in mid-life starts from the machine's retained windows, not from nothing.
                    Replay(manifest.Channels, track.Sequence);
                }
            }

            _models[model.File] = track;
            previous = track;
        }

        var channels = manifest.Channels;
        Span<double> current = channels.Count <= 64 ? stackalloc double[channels.Count] : new double[channels.Count];
        for (var c = 0; c < channels.Count; c++)
        {
            current[c] = _lastKnown[_columns[channels[c]]];
        }

        if (previous.Sequence is { } sequence)
        {
            sequence.Push(current);
            return sequence.Features();
        }

        return OperatingPointFeatures.Compute(current);
    }

    /// <summary>Runs the per-sensor detectors over the latest window; returns the sensors ranked by how anomalous they are.</summary>
    public (bool Abnormal, List<FeatureContribution> Ranked) Anomalies(MachineSummary summary)
    {
        var anomalous = false;
        var ranked = new List<FeatureContribution>(summary.Sensors.Count);
        _detectors ??= new Dictionary<string, StreamingAnomalyDetector>(StringComparer.Ordinal);
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

    private int ColumnOf(string sensor)
    {
        if (_columns.TryGetValue(sensor, out var column))
        {
            return column;
        }

        column = _columns.Count;
        _columns.Add(sensor, column);
        Array.Resize(ref _lastKnown, column + 1);
        return column;
    }

    /// <summary>Re-lays the history out for sensors that appeared since the rows were written (absent in the older rows).</summary>
    private void Widen(int oldWidth, int windows)
    {
        var width = _columns.Count;
        var history = new float[windows * width];
        history.AsSpan().Fill(float.NaN);
        if (_history.Length == windows * oldWidth)
        {
            for (var r = 0; r < windows; r++)
            {
                _history.AsSpan(r * oldWidth, oldWidth).CopyTo(history.AsSpan(r * width));
            }
        }
        else
        {
            _historyNext = 0;
            _historyCount = 0;
        }

        _history = history;
    }

    /// <summary>
    /// Pushes the retained windows, oldest first, except the newest (the caller pushes the current one), carrying a
    /// sensor's last value over windows that lack it; a window is pushed once every channel has a value. The windows
    /// before the retained ones still count in the elapsed feature.
    /// </summary>
    private void Replay(IReadOnlyList<string> channels, SequenceFeatureState sequence)
    {
        var columns = new int[channels.Count];
        for (var c = 0; c < channels.Count; c++)
        {
            columns[c] = _columns[channels[c]];
        }

        var carried = new double[channels.Count];
        var known = new bool[channels.Count];
        var replayed = Math.Max(0, _historyCount - 1);
        sequence.ElapsedOffset = _windows - 1 - replayed;
        var windows = _options.HistoryWindows;
        var width = _columns.Count;
        var oldest = (_historyNext - _historyCount + windows) % windows;
        for (var i = 0; i < replayed; i++)
        {
            var row = _history.AsSpan(((oldest + i) % windows) * width, width);
            var complete = true;
            for (var c = 0; c < columns.Length; c++)
            {
                if (!float.IsNaN(row[columns[c]]))
                {
                    carried[c] = row[columns[c]];
                    known[c] = true;
                }

                complete &= known[c];
            }

            if (complete)
            {
                sequence.Push(carried);
            }
            else
            {
                // Not pushed: the window still counts in the machine's age.
                sequence.ElapsedOffset++;
            }
        }
    }

    private static bool SameSchema(FeatureSchema a, FeatureSchema b) =>
        a == b ||
        (a.Channels.SequenceEqual(b.Channels, StringComparer.Ordinal) &&
         a.Options.Windows.SequenceEqual(b.Options.Windows) &&
         a.Options.EwmaAlphas.SequenceEqual(b.Options.EwmaAlphas) &&
         a.Options.Last == b.Options.Last && a.Options.Mean == b.Options.Mean &&
         a.Options.StandardDeviation == b.Options.StandardDeviation && a.Options.Minimum == b.Options.Minimum &&
         a.Options.Maximum == b.Options.Maximum && a.Options.Slope == b.Options.Slope && a.Options.Elapsed == b.Options.Elapsed);

    private sealed class ModelTrack
    {
        public ModelTrack(ModelManifest manifest)
            : this(
                manifest.Version,
                manifest.Kind == ModelKinds.RemainingLife && manifest.Features is not null
                    ? new SequenceFeatureState(s_schemas.GetValue(manifest, static m => new FeatureSchema(m.Channels, m.Features!)))
                    : null)
        {
        }

        public ModelTrack(string version, SequenceFeatureState? sequence)
        {
            Version = version;
            Sequence = sequence;
        }

        public string Version { get; }

        public SequenceFeatureState? Sequence { get; }
    }
}
