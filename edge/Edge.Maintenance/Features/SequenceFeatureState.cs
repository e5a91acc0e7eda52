using System.Buffers;

namespace Edge.Maintenance.Features;

/// <summary>
/// Rolling features of one sequence (one engine, one machine), updated one step at a time. Training walks every
/// engine through this class cycle by cycle and the gateway pushes each closed window's means through it, so
/// the features the model learned from and the features it is served are computed by the same code.
/// Keeps only the last <c>max(window)</c> values per channel and one running value per EWMA, in two flat arrays: a
/// gateway holds one of these per machine and model. The values are kept in single precision (half the memory: the
/// largest part of a gateway's per-machine state); the statistics over them and the EWMAs are computed in double.
/// The features are single precision anyway, and a sensor's value rounded to 24 bits moves them by less than the
/// rounding of the feature itself (the tests compare the predictions with a double-precision computation).
/// </summary>
public sealed class SequenceFeatureState
{
    private readonly FeatureSchema _schema;
    // _history[channel * MaxWindow + slot] is a ring per channel; _ewma[channel * alphas + a].
    private readonly float[] _history;
    private readonly double[] _ewma;
    private readonly int _channels;
    private int _next;

    public SequenceFeatureState(FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        _schema = schema;
        _channels = schema.Channels.Count;
        _history = new float[_channels * schema.MaxWindow];
        _ewma = new double[_channels * schema.Options.EwmaAlphas.Count];
    }

    /// <summary>Steps pushed so far.</summary>
    public long Count { get; private set; }

    public FeatureSchema Schema => _schema;

    /// <summary>
    /// Steps the sequence had before the first one pushed here, added to the elapsed feature: a gateway priming a new
    /// model from the last windows it kept of a machine still reports the machine's whole age. Zero in training.
    /// </summary>
    public long ElapsedOffset { get; set; }

    /// <summary>An independent copy at the same step (history, averages, count), for a model that replaces another of the same schema.</summary>
    public SequenceFeatureState Clone()
    {
        var copy = new SequenceFeatureState(_schema) { _next = _next, Count = Count, ElapsedOffset = ElapsedOffset };
        _history.CopyTo(copy._history, 0);
        _ewma.CopyTo(copy._ewma, 0);
        return copy;
    }

    /// <summary>Checkpoint: ring position, count, offset, kept values and averages (the schema is the caller's to check).</summary>
    internal void WriteTo(BinaryWriter writer)
    {
        writer.Write(_next);
        writer.Write(Count);
        writer.Write(ElapsedOffset);
        foreach (var value in _history)
        {
            writer.Write(value);
        }

        foreach (var value in _ewma)
        {
            writer.Write(value);
        }
    }

    internal static SequenceFeatureState ReadFrom(FeatureSchema schema, BinaryReader reader)
    {
        var state = new SequenceFeatureState(schema) { _next = reader.ReadInt32(), Count = reader.ReadInt64(), ElapsedOffset = reader.ReadInt64() };
        if (state._next < 0 || state._next >= schema.MaxWindow || state.Count < 0)
        {
            throw new InvalidDataException("Feature state checkpoint is inconsistent with its schema.");
        }

        for (var i = 0; i < state._history.Length; i++)
        {
            state._history[i] = reader.ReadSingle();
        }

        for (var i = 0; i < state._ewma.Length; i++)
        {
            state._ewma[i] = reader.ReadDouble();
        }

        return state;
    }

    /// <summary>Managed bytes held: the two arrays and the object headers.</summary>
    internal int ApproximateBytes => 48 + (24 + (4 * _history.Length)) + (24 + (8 * _ewma.Length));

    /// <summary>Adds one step: one value per channel, in <see cref="FeatureSchema.Channels"/> order.</summary>
    public void Push(ReadOnlySpan<double> values)
    {
        if (values.Length != _channels)
        {
            throw new ArgumentException($"Expected {_channels} channel values, got {values.Length}.", nameof(values));
        }

        var alphas = _schema.Options.EwmaAlphas;
        for (var c = 0; c < values.Length; c++)
        {
            var value = values[c];
            if (!double.IsFinite(value) || !float.IsFinite((float)value))
            {
                throw new ArgumentException($"Channel {_schema.Channels[c]} has a non-finite value (or one beyond single precision).", nameof(values));
            }

            _history[(c * _schema.MaxWindow) + _next] = (float)value;
            var ewma = _ewma.AsSpan(c * alphas.Count, alphas.Count);
            for (var a = 0; a < alphas.Count; a++)
            {
                // The first value seeds the average, so an EWMA does not start from zero.
                ewma[a] = Count == 0 ? value : (alphas[a] * value) + ((1 - alphas[a]) * ewma[a]);
            }
        }

        _next = (_next + 1) % _schema.MaxWindow;
        Count++;
    }

    /// <summary>
    /// The value of <paramref name="channel"/> <paramref name="stepsBack"/> steps before the latest (0: the latest), as
    /// kept; the last min(<see cref="Count"/>, longest window) steps are kept.
    /// </summary>
    public float ValueAt(int channel, int stepsBack)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, _channels);
        ArgumentOutOfRangeException.ThrowIfNegative(stepsBack);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stepsBack, Math.Min(Count, _schema.MaxWindow));
        var capacity = _schema.MaxWindow;
        return _history[(channel * capacity) + ((_next - 1 - stepsBack + capacity) % capacity)];
    }

    /// <summary>Steps of every channel kept: min(<see cref="Count"/>, the longest window).</summary>
    public int Kept => (int)Math.Min(Count, _schema.MaxWindow);

    /// <summary>Writes the features at the current step into <paramref name="destination"/> (length <see cref="FeatureSchema.FeatureCount"/>).</summary>
    public void WriteFeatures(Span<float> destination)
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("No step has been pushed yet.");
        }

        if (destination.Length != _schema.FeatureCount)
        {
            throw new ArgumentException($"Expected room for {_schema.FeatureCount} features, got {destination.Length}.", nameof(destination));
        }

        var options = _schema.Options;
        // Scratch for one channel's window, on the stack for the usual window lengths (a pooled array past that).
        const int StackWindow = 256;
        double[]? rented = null;
        var scratch = _schema.MaxWindow <= StackWindow
            ? stackalloc double[StackWindow]
            : (rented = ArrayPool<double>.Shared.Rent(_schema.MaxWindow));
        try
        {
            WriteFeatures(destination, options, scratch);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<double>.Shared.Return(rented);
            }
        }
    }

    private void WriteFeatures(Span<float> destination, FeatureOptions options, Span<double> scratch)
    {
        var k = 0;
        for (var c = 0; c < _channels; c++)
        {
            if (options.Last)
            {
                destination[k++] = (float)Recent(c, 1, scratch)[^1];
            }

            // Indexed, not foreach: enumerating the IReadOnlyList boxes an enumerator per channel and window close.
            for (var w = 0; w < options.Windows.Count; w++)
            {
                var values = Recent(c, options.Windows[w], scratch);
                var (mean, sd, min, max) = Describe(values);
                if (options.Mean)
                {
                    destination[k++] = (float)mean;
                }

                if (options.StandardDeviation)
                {
                    destination[k++] = (float)sd;
                }

                if (options.Minimum)
                {
                    destination[k++] = (float)min;
                }

                if (options.Maximum)
                {
                    destination[k++] = (float)max;
                }

                if (options.Slope)
                {
                    destination[k++] = (float)Slope(values);
                }
            }

            for (var a = 0; a < options.EwmaAlphas.Count; a++)
            {
                destination[k++] = (float)_ewma[(c * options.EwmaAlphas.Count) + a];
            }
        }

        if (options.Elapsed)
        {
            destination[k] = Count + ElapsedOffset;
        }
    }

    public float[] Features()
    {
        var features = new float[_schema.FeatureCount];
        WriteFeatures(features);
        return features;
    }

    /// <summary>The last min(window, count) values of channel <paramref name="channel"/>, oldest first.</summary>
    private ReadOnlySpan<double> Recent(int channel, int window, Span<double> scratch)
    {
        var n = (int)Math.Min(window, Count);
        var capacity = _schema.MaxWindow;
        var history = _history.AsSpan(channel * capacity, capacity);
        for (var i = 0; i < n; i++)
        {
            scratch[i] = history[(_next - n + i + capacity) % capacity];
        }

        return scratch[..n];
    }

    internal static (double Mean, double StandardDeviation, double Min, double Max) Describe(ReadOnlySpan<double> values)
    {
        double sum = 0, min = double.MaxValue, max = double.MinValue;
        foreach (var value in values)
        {
            sum += value;
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        var mean = sum / values.Length;
        double squares = 0;
        foreach (var value in values)
        {
            squares += (value - mean) * (value - mean);
        }

        // Sample standard deviation (n - 1), zero for a single value.
        var sd = values.Length > 1 ? Math.Sqrt(squares / (values.Length - 1)) : 0;
        return (mean, sd, min, max);
    }

    /// <summary>Least-squares slope per step of <paramref name="values"/> against 0, 1, 2, ...; zero for a single value.</summary>
    internal static double Slope(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        if (n < 2)
        {
            return 0;
        }

        var meanX = (n - 1) / 2.0;
        double meanY = 0;
        foreach (var value in values)
        {
            meanY += value;
        }

        meanY /= n;
        double numerator = 0, denominator = 0;
        for (var i = 0; i < n; i++)
        {
            numerator += (i - meanX) * (values[i] - meanY);
            denominator += (i - meanX) * (i - meanX);
        }

        return numerator / denominator;
    }
}
