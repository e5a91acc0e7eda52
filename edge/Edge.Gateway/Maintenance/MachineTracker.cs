using System.Runtime.CompilerServices;
using Edge.Contracts;
using Edge.Maintenance.Anomaly;
using Edge.Maintenance.Features;
using Edge.Maintenance.Models;

namespace Edge.Gateway.Maintenance;

/// <summary>
/// What the gateway remembers about one machine between windows: per-model feature state, the last
/// <see cref="MaintenanceOptions.HistoryWindows"/> window means (to prime a model with a new schema swapped in mid-life),
/// and per-sensor anomaly detectors. Kept small on purpose (a gateway serves hundreds of machines on a Pi): sensors are
/// columns of a <see cref="SensorLayout"/> shared by the fleet, the feature schema is shared by all machines a model
/// scores, a model replacing one of the same schema takes over its feature state instead of a replay, and the history is
/// not kept at all while a model's own feature state already holds those windows of every sensor (it is rebuilt from that
/// state when a model with another schema needs it, or when the machine reports a sensor that model does not read).
/// Every model's feature state takes each window as it arrives (<see cref="Add"/>), scored or not. Used only from the
/// window service's thread.
/// </summary>
internal sealed class MachineTracker
{
    // One schema per loaded model, shared by every machine (a schema holds the model's feature names: 300+ strings).
    private static readonly ConditionalWeakTable<ModelManifest, FeatureSchema> s_schemas = [];

    private readonly MaintenanceOptions _options;
    private SensorLayout _layout;
    private double[] _lastKnown = [];

    // Ring of HistoryWindows rows of _layout.Count means each (row r at r * width); NaN = sensor not in that window.
    // Empty while a model's feature state covers it (see HistoryCoverage).
    private float[] _history = [];
    private int _historyNext;
    private int _historyCount;
    private long _windows;
    private ModelTrack[] _tracks = [];
    private Dictionary<string, StreamingAnomalyDetector>? _detectors;

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
    }

    /// <summary>Records one window's means (sensors missing from it keep their last value) and steps every model's features.</summary>
    public void Add(MachineSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var layout = _layout.Extend(summary.Sensors);
        if (layout != _layout)
        {
            // A sensor the covering model does not read: its windows must be kept from now on.
            RestoreHistory();
            Array.Resize(ref _lastKnown, layout.Count);
            Widen(_layout.Count, layout.Count);
            _layout = layout;
        }

        foreach (var sensor in summary.Sensors)
        {
            _lastKnown[_layout.ColumnOf(sensor.Sensor)] = sensor.Mean;
        }

        if (HistoryCoverage() is null)
        {
            RestoreHistory();
            var width = _layout.Count;
            var row = _history.AsSpan(_historyNext * width, width);
            row.Fill(float.NaN);
            foreach (var sensor in summary.Sensors)
            {
                row[_layout.ColumnOf(sensor.Sensor)] = (float)sensor.Mean;
            }

            _historyNext = (_historyNext + 1) % _options.HistoryWindows;
            _historyCount = Math.Min(_historyCount + 1, _options.HistoryWindows);
        }

        _windows++;
        foreach (var track in _tracks)
        {
            if (track.Sequence is { } sequence)
            {
                Push(sequence);
            }
        }

        DropCoveredHistory();
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
            // The track replaced may be the one the history lives in.
            RestoreHistory();
            var previous = at >= 0 ? _tracks[at] : null;
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
                    Replay(manifest.Channels, track.Sequence);
                    Push(track.Sequence);
                }
            }

            if (at < 0)
            {
                at = _tracks.Length;
                Array.Resize(ref _tracks, at + 1);
            }

            _tracks[at] = track;
            DropCoveredHistory();
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
    public (bool Abnormal, List<FeatureContribution> Ranked) Anomalies(MachineSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
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

    /// <summary>Bytes of window history this machine keeps now (zero while a model's feature state covers it).</summary>
    internal int HistoryBytes => _history.Length * sizeof(float);

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

    /// <summary>
    /// A model's feature state that holds the whole history: it reads every sensor of the machine, keeps at least
    /// <see cref="MaintenanceOptions.HistoryWindows"/> steps, and has taken that many windows (each one carried over
    /// windows that lacked a sensor, which is what a replay of the history would push).
    /// </summary>
    private SequenceFeatureState? HistoryCoverage()
    {
        foreach (var track in _tracks)
        {
            if (track.Sequence is { } sequence &&
                sequence.Schema.Channels.Count == _layout.Count &&
                sequence.Schema.MaxWindow >= _options.HistoryWindows &&
                sequence.Count >= _options.HistoryWindows)
            {
                return sequence;
            }
        }

        return null;
    }

    private void DropCoveredHistory()
    {
        if (_history.Length > 0 && HistoryCoverage() is not null)
        {
            _history = [];
            _historyNext = 0;
            _historyCount = 0;
        }
    }

    /// <summary>Makes the history ring real again: rebuilt from the covering feature state, or empty rows if none.</summary>
    private void RestoreHistory()
    {
        var windows = _options.HistoryWindows;
        var width = _layout.Count;
        if (_history.Length == windows * width)
        {
            return;
        }

        var history = new float[windows * width];
        history.AsSpan().Fill(float.NaN);
        _historyNext = 0;
        _historyCount = 0;
        if (HistoryCoverage() is { } covering)
        {
            var columns = ColumnsOf(covering.Schema.Channels);
            _historyCount = Math.Min(windows, covering.Kept);
            for (var r = 0; r < _historyCount; r++)
            {
                var stepsBack = _historyCount - 1 - r;
                for (var c = 0; c < columns.Length; c++)
                {
                    history[(r * width) + columns[c]] = covering.ValueAt(c, stepsBack);
                }
            }

            _historyNext = _historyCount % windows;
        }

        _history = history;
    }

    /// <summary>Re-lays the history out for sensors that appeared since the rows were written (absent in the older rows).</summary>
    private void Widen(int oldWidth, int width)
    {
        var windows = _options.HistoryWindows;
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
        var columns = ColumnsOf(channels);
        var carried = new double[channels.Count];
        var known = new bool[channels.Count];
        var replayed = Math.Max(0, _historyCount - 1);
        sequence.ElapsedOffset = _windows - 1 - replayed;
        var windows = _options.HistoryWindows;
        var width = _layout.Count;
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

    private int[] ColumnsOf(IReadOnlyList<string> channels)
    {
        var columns = new int[channels.Count];
        for (var c = 0; c < channels.Count; c++)
        {
            columns[c] = _layout.ColumnOf(channels[c]);
        }

        return columns;
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
