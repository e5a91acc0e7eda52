using Edge.Maintenance.Features;

namespace Edge.Maintenance.History;

/// <summary>
/// One machine's feature state, the same code in training (<see cref="HistoryTrainer"/> walks the history through it)
/// and serving (the gateway pushes window means). Pushes are bucketed by the model's step (mean of the pushes in a
/// step; a sensor missing from a whole step carries its last value; steps with no push at all repeat the last step),
/// each closed step goes through <see cref="SequenceFeatureState"/>; errors are counted in trailing windows; a
/// maintenance or failure closes the open step and restarts the rolling features and the baseline. Features are those
/// of the last closed step, at its end time. Not thread-safe: one owner per machine.
/// </summary>
public sealed class HistoryMachineState
{
    internal const int CheckpointVersion = 1;
    private const long Never = long.MinValue;

    private readonly HistoryFeatureSpec _spec;
    private readonly FeatureSchema _schema;
    private readonly int _featureCount;
    private readonly double[] _sums;
    private readonly int[] _counts;
    private readonly double[] _last;
    private readonly double[] _baselineSum;
    private readonly double[] _baselineSquares;
    private readonly long[] _componentTicks;
    private readonly long[] _errorTicks = new long[HistoryFeatureSpec.ErrorCapacity];
    private SequenceFeatureState _rolling;
    private long _bucket = Never;
    private long _closedAt = Never;
    private long _resetAt = Never;
    private long _maintenanceAt = Never;
    private long _failureAt = Never;
    private int _baselineCount;
    private int _errorNext;
    private int _errorCount;

    internal HistoryMachineState(HistoryFeatureSpec spec, MachineAttributes? attributes)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _spec = spec;
        _schema = spec.RollingSchema();
        _featureCount = spec.FeatureCount;
        var n = spec.Sensors.Count;
        _sums = new double[n];
        _counts = new int[n];
        _last = new double[n];
        _baselineSum = new double[n];
        _baselineSquares = new double[n];
        _componentTicks = new long[spec.Components.Count];
        Array.Fill(_componentTicks, Never);
        _rolling = new SequenceFeatureState(_schema);
        Age = attributes is { Age: var age } && double.IsFinite(age) ? age : -1;
        ModelIndex = attributes is null ? -1 : HistoryFeatureSpec.IndexOf(spec.MachineModels, attributes.Model);
    }

    /// <summary>Enough data since the last reset to predict: a closed step, or readings in the open one.</summary>
    public bool Ready => _rolling.Count > 0 || HasOpenStep;

    /// <summary>Readings wait in the step that is still open (a prediction closes it provisionally, on a copy).</summary>
    internal bool HasOpenStep => _bucket != Never && _counts.AsSpan().ContainsAnyExcept(0);

    public long Steps => _rolling.Count;

    /// <summary>End of the last closed step: the time the features describe.</summary>
    public DateTimeOffset? FeaturesAt => _closedAt == Never ? null : new DateTimeOffset(_closedAt, TimeSpan.Zero);

    public int ApproximateBytes =>
        96 + _rolling.ApproximateBytes + (5 * 24) + (_sums.Length * (8 + 4 + 8 + 8 + 8)) + (24 + (8 * _componentTicks.Length)) + (24 + (8 * _errorTicks.Length));

    internal HistoryFeatureSpec Spec => _spec;

    internal double Age { get; set; }

    internal int ModelIndex { get; set; }

    /// <summary>Called after each closed step, before any reset: the trainer takes its training rows here.</summary>
    internal Action<HistoryMachineState>? StepClosed { get; set; }

    /// <summary>Adds one reading per sensor (model sensor order, NaN = missing) at <paramref name="timestamp"/>.</summary>
    public void Push(DateTimeOffset timestamp, ReadOnlySpan<double> values)
    {
        if (values.Length != _sums.Length)
        {
            throw new ArgumentException($"Expected {_sums.Length} sensor values, got {values.Length}.", nameof(values));
        }

        var bucket = timestamp.UtcTicks / _spec.Step.Ticks;
        if (_bucket != Never && bucket > _bucket)
        {
            Close((_bucket + 1) * _spec.Step.Ticks);
            // Steps without any push repeat the last step, as far as the longest window can tell.
            var skipped = Math.Min(bucket - _bucket - 1, _schema.MaxWindow);
            for (var i = 0; i < skipped; i++)
            {
                _rolling.Push(_last);
                _closedAt = bucket * _spec.Step.Ticks;
            }
        }

        if (_bucket == Never || bucket > _bucket)
        {
            _bucket = bucket;
            _resetAt = _resetAt == Never ? bucket * _spec.Step.Ticks : _resetAt;
        }

        for (var s = 0; s < values.Length; s++)
        {
            if (double.IsFinite(values[s]))
            {
                _sums[s] += values[s];
                _counts[s]++;
            }
        }
    }

    /// <summary>Applies an event: errors are counted; a maintenance or failure closes the open step and restarts the rolling state.</summary>
    public void Record(MachineEvent machineEvent)
    {
        ArgumentNullException.ThrowIfNull(machineEvent);
        var at = machineEvent.Timestamp.UtcTicks;
        if (machineEvent.Kind == MachineEventKinds.Error)
        {
            _errorTicks[_errorNext] = at;
            _errorNext = (_errorNext + 1) % _errorTicks.Length;
            _errorCount = Math.Min(_errorCount + 1, _errorTicks.Length);
            return;
        }

        if (!MachineEventKinds.Resets(machineEvent.Kind))
        {
            return;
        }

        if (HasOpenStep)
        {
            Close(Math.Min((_bucket + 1) * _spec.Step.Ticks, Math.Max(at, _bucket * _spec.Step.Ticks)));
        }

        _bucket = Never;
        _rolling = new SequenceFeatureState(_schema);
        Array.Clear(_baselineSum);
        Array.Clear(_baselineSquares);
        _baselineCount = 0;
        _resetAt = at;
        _maintenanceAt = machineEvent.Kind == MachineEventKinds.Maintenance ? at : _maintenanceAt;
        _failureAt = machineEvent.Kind == MachineEventKinds.Failure ? at : _failureAt;
        var component = machineEvent.Detail.StartsWith("repair:", StringComparison.Ordinal) ? machineEvent.Detail["repair:".Length..] : machineEvent.Detail;
        var index = HistoryFeatureSpec.IndexOf(_spec.Components, component);
        if (index >= 0)
        {
            _componentTicks[index] = at;
        }
    }

    /// <summary>A copy with the open step closed: what the features will be if no more readings come in this step.</summary>
    internal HistoryMachineState Provisional()
    {
        var copy = HistoryStateCheckpoint.Copy(this);
        copy.Close((_bucket + 1) * _spec.Step.Ticks);
        return copy;
    }

    /// <summary>Writes the features of the last closed step (length: the spec's feature count).</summary>
    public void WriteFeatures(Span<float> destination)
    {
        if (_rolling.Count == 0)
        {
            throw new InvalidOperationException("No step has closed since the last reset.");
        }

        var rollingCount = _schema.FeatureCount;
        _rolling.WriteFeatures(destination[..rollingCount]);
        var k = rollingCount;
        if (_spec.Normalize)
        {
            // Deviation of the shortest window's mean from the machine's own baseline since its last reset.
            var shortWindow = _schema.Options.Windows.Count > 0 ? _schema.Options.Windows.Min() : 1;
            for (var s = 0; s < _sums.Length; s++)
            {
                var n = Math.Max(1, _baselineCount);
                var mean = _baselineSum[s] / n;
                var variance = Math.Max(0, (_baselineSquares[s] / n) - (mean * mean));
                var recent = RecentMean(s, shortWindow);
                destination[k++] = (float)(recent - mean);
                destination[k++] = (float)((recent - mean) / Math.Max(Math.Sqrt(variance), 1e-6 * Math.Max(1, Math.Abs(mean))));
            }
        }

        destination[k++] = Hours(_resetAt);
        destination[k++] = Hours(_maintenanceAt);
        destination[k++] = Hours(_failureAt);
        foreach (var ticks in _componentTicks)
        {
            destination[k++] = Hours(ticks);
        }

        foreach (var window in _spec.ErrorWindows)
        {
            destination[k++] = ErrorsWithin(window);
        }

        if (_spec.UseAge)
        {
            destination[k++] = (float)Age;
        }

        for (var m = 0; m < _spec.MachineModels.Count; m++)
        {
            destination[k++] = m == ModelIndex ? 1 : 0;
        }
    }

    public float[] Features()
    {
        var features = new float[_featureCount];
        WriteFeatures(features);
        return features;
    }

    /// <summary>Checkpoint of the whole state (versioned); read back with <see cref="ReadFrom"/> against the same model.</summary>
    public void WriteTo(Stream stream) => HistoryStateCheckpoint.Write(this, stream);

    public static HistoryMachineState ReadFrom(HistoryModel model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        return HistoryStateCheckpoint.Read(model.Spec, stream);
    }

    internal HistoryStateArrays Arrays => new(_sums, _counts, _last, _baselineSum, _baselineSquares, _componentTicks, _errorTicks);

    internal SequenceFeatureState Rolling { get => _rolling; set => _rolling = value; }

    internal (long Bucket, long ClosedAt, long ResetAt, long MaintenanceAt, long FailureAt, int BaselineCount, int ErrorNext, int ErrorCount) Scalars
    {
        get => (_bucket, _closedAt, _resetAt, _maintenanceAt, _failureAt, _baselineCount, _errorNext, _errorCount);
        set => (_bucket, _closedAt, _resetAt, _maintenanceAt, _failureAt, _baselineCount, _errorNext, _errorCount) = value;
    }

    private void Close(long endTicks)
    {
        for (var s = 0; s < _sums.Length; s++)
        {
            if (_counts[s] > 0)
            {
                _last[s] = _sums[s] / _counts[s];
            }

            _sums[s] = 0;
            _counts[s] = 0;
        }

        _rolling.Push(_last);
        if (_baselineCount < _spec.BaselineSteps)
        {
            for (var s = 0; s < _last.Length; s++)
            {
                _baselineSum[s] += _last[s];
                _baselineSquares[s] += _last[s] * _last[s];
            }

            _baselineCount++;
        }

        _closedAt = endTicks;
        StepClosed?.Invoke(this);
    }

    private double RecentMean(int sensor, int window)
    {
        var n = Math.Min(window, _rolling.Kept);
        double sum = 0;
        for (var i = 0; i < n; i++)
        {
            sum += _rolling.ValueAt(sensor, i);
        }

        return sum / n;
    }

    private float Hours(long ticks) => ticks == Never ? -1 : (float)TimeSpan.FromTicks(_closedAt - ticks).TotalHours;

    private int ErrorsWithin(TimeSpan window)
    {
        var count = 0;
        for (var i = 0; i < _errorCount; i++)
        {
            var at = _errorTicks[i];
            if (at <= _closedAt && at > _closedAt - window.Ticks)
            {
                count++;
            }
        }

        return count;
    }

}
