using System.Runtime.CompilerServices;
using Edge.Contracts;
using Edge.Maintenance.Anomaly;
using Edge.Maintenance.Features;
using Edge.Maintenance.Models;

namespace Edge.Maintenance.Serving;

/// <summary>
/// What the gateway remembers about one machine between windows: per-model feature state, the last window means to prime
/// a model with a new schema swapped in mid-life (<see cref="WindowHistory"/>), and per-sensor anomaly detectors. Kept
/// small on purpose (a gateway serves hundreds of machines on a Pi): sensors are columns of a <see cref="SensorLayout"/>
/// shared by the fleet, the feature schema is shared by all machines a model scores, a model replacing one of the same
/// schema takes over its feature state instead of a replay, and the history does not keep the sensors a model's feature
/// state already holds for as many windows. Every model's feature state takes each window as it arrives
/// (<see cref="Add"/>), so it stays a faithful history. Used only from the window service's thread.
/// </summary>
internal sealed class MachineTracker
{
    // One schema per loaded model, shared by every machine (a schema holds the model's feature names: 300+ strings).
    private static readonly ConditionalWeakTable<ModelManifest, FeatureSchema> s_schemas = [];

    private readonly MaintenanceOptions _options;
    private readonly WindowHistory _history;
    private SensorLayout _layout;
    private double[] _lastKnown = [];
    private long _windows;
    private ModelTrack[] _tracks = [];

    public MachineTracker(MaintenanceOptions options)
        : this(options, SensorLayout.Empty())
    {
    }

    /// <param name="options">Maintenance options.</param>
    /// <param name="layout">The layout every machine of the fleet starts from (shared, so machines share their layouts).</param>
    public MachineTracker(MaintenanceOptions options, SensorLayout layout)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(layout);
        _options = options;
        _layout = layout;
        _history = new WindowHistory(options.HistoryWindows);
    }

    /// <summary>Per-sensor anomaly detectors of the fallback (null until the machine is scored by it).</summary>
    internal Dictionary<string, StreamingAnomalyDetector>? Detectors { get; set; }

    /// <summary>Bytes of window rows this machine keeps now (none for the sensors a model's feature state holds).</summary>
    internal int HistoryBytes => _history.RowBytes;

    /// <summary>Records one window's means (sensors missing from it keep their last value) and steps every model's features.</summary>
    public void Add(MachineSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var layout = _layout.Extend(summary.Sensors);
        if (layout != _layout)
        {
            Array.Resize(ref _lastKnown, layout.Count);
            _layout = layout;
        }

        foreach (var sensor in summary.Sensors)
        {
            _lastKnown[_layout.ColumnOf(sensor.Sensor)] = sensor.Mean;
        }

        _history.Append(_layout, summary.Sensors);
        _windows++;
        foreach (var track in _tracks)
        {
            if (track.Sequence is { } sequence)
            {
                Push(sequence);
            }
        }

        _history.Cover(_layout, Covering());
    }

    public bool Has(IReadOnlyList<string> channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        for (var c = 0; c < channels.Count; c++)
        {
            if (!_layout.TryGetColumn(channels[c], out _))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Features of <paramref name="model"/> at the current window.</summary>
    public float[] Features(ServedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var manifest = model.Bundle.Manifest;
        var at = IndexOf(model.File);
        if (at < 0 || _tracks[at].Version != manifest.Version)
        {
            var previous = at >= 0 ? _tracks[at] : null;
            if (previous?.Sequence is { } replaced && replaced == _history.Covering)
            {
                // The history of the sensors it covers lives in the state about to be replaced: take it back first.
                _history.Cover(_layout, null);
            }

            var track = new ModelTrack(model.File, manifest);
            if (track.Sequence is not null)
            {
                if (previous?.Sequence is { } carried && SameSchema(carried.Schema, track.Sequence.Schema))
                {
                    // A retrained model of the same schema continues exactly where the previous one was.
                    track = new ModelTrack(model.File, manifest.Version, carried.Clone());
                }
                else
                {
                    // A model swapped in mid-life starts from the machine's retained windows, not from nothing.
                    _history.Replay(_layout, _windows, track.Sequence);
                    Push(track.Sequence);
                }
            }

            if (at < 0)
            {
                at = _tracks.Length;
                Array.Resize(ref _tracks, at + 1);
            }

            _tracks[at] = track;
            _history.Cover(_layout, Covering());
        }

        if (_tracks[at].Sequence is { } sequence)
        {
            return sequence.Features();
        }

        var channels = manifest.Channels;
        Span<double> current = channels.Count <= 64 ? stackalloc double[channels.Count] : new double[channels.Count];
        Current(channels, current);
        return OperatingPointFeatures.Compute(current);
    }

    /// <summary>Runs the per-sensor detectors over the latest window; returns the sensors ranked by how anomalous they are.</summary>
    public (bool Abnormal, List<FeatureContribution> Ranked) Anomalies(MachineSummary summary, Func<StreamingAnomalyDetector> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(summary);
        var anomalous = false;
        var ranked = new List<FeatureContribution>(summary.Sensors.Count);
        var detectors = Detectors ??= new Dictionary<string, StreamingAnomalyDetector>(StringComparer.Ordinal);
        foreach (var sensor in summary.Sensors)
        {
            if (!detectors.TryGetValue(sensor.Sensor, out var detector))
            {
                detector = create();
                detectors[sensor.Sensor] = detector;
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

    private int IndexOf(string file)
    {
        for (var t = 0; t < _tracks.Length; t++)
        {
            if (string.Equals(_tracks[t].File, file, StringComparison.Ordinal))
            {
                return t;
            }
        }

        return -1;
    }

    private void Push(SequenceFeatureState sequence)
    {
        var channels = sequence.Schema.Channels;
        Span<double> current = channels.Count <= 64 ? stackalloc double[channels.Count] : new double[channels.Count];
        Current(channels, current);
        sequence.Push(current);
    }

    private void Current(IReadOnlyList<string> channels, Span<double> current)
    {
        for (var c = 0; c < channels.Count; c++)
        {
            current[c] = _lastKnown[_layout.ColumnOf(channels[c])];
        }
    }

    /// <summary>The feature state that can stand in for the history of the most sensors, if any.</summary>
    private SequenceFeatureState? Covering()
    {
        SequenceFeatureState? best = null;
        foreach (var track in _tracks)
        {
            if (track.Sequence is { } sequence && _history.CanCover(sequence) &&
                (best is null || sequence.Schema.Channels.Count > best.Schema.Channels.Count ||
                 (sequence.Schema.Channels.Count == best.Schema.Channels.Count && sequence == _history.Covering)))
            {
                best = sequence;
            }
        }

        return best;
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
        public ModelTrack(string file, ModelManifest manifest)
            : this(
                file,
                manifest.Version,
                manifest.Kind == ModelKinds.RemainingLife && manifest.Features is not null
                    ? new SequenceFeatureState(s_schemas.GetValue(manifest, static m => new FeatureSchema(m.Channels, m.Features!)))
                    : null)
        {
        }

        public ModelTrack(string file, string version, SequenceFeatureState? sequence)
        {
            File = file;
            Version = version;
            Sequence = sequence;
        }

        public string File { get; }

        public string Version { get; }

        public SequenceFeatureState? Sequence { get; }
    }
}
