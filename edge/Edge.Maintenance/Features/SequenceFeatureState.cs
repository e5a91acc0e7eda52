namespace Edge.Maintenance.Features;

/// <summary>
/// Rolling features of one sequence (one engine, one machine), updated one step at a time. Training walks every
/// engine through this class cycle by cycle and the gateway pushes each closed window's means through it, so
/// the features the model learned from and the features it is served are computed by the same code.
/// Keeps only the last <c>max(window)</c> values per channel and one running value per EWMA.
/// </summary>
public sealed class SequenceFeatureState
{
    private readonly FeatureSchema _schema;
    private readonly double[][] _history;
    private readonly double[][] _ewma;
    private readonly double[] _window;
    private int _next;

    public SequenceFeatureState(FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        _schema = schema;
        var channels = schema.Channels.Count;
        _history = new double[channels][];
        _ewma = new double[channels][];
        for (var c = 0; c < channels; c++)
        {
            _history[c] = new double[schema.MaxWindow];
            _ewma[c] = new double[schema.Options.EwmaAlphas.Count];
        }

        _window = new double[schema.MaxWindow];
    }

    /// <summary>Steps pushed so far.</summary>
    public long Count { get; private set; }

    public FeatureSchema Schema => _schema;

    /// <summary>Adds one step: one value per channel, in <see cref="FeatureSchema.Channels"/> order.</summary>
    public void Push(ReadOnlySpan<double> values)
    {
        if (values.Length != _history.Length)
        {
            throw new ArgumentException($"Expected {_history.Length} channel values, got {values.Length}.", nameof(values));
        }

        var alphas = _schema.Options.EwmaAlphas;
        for (var c = 0; c < values.Length; c++)
        {
            var value = values[c];
            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"Channel {_schema.Channels[c]} has a non-finite value.", nameof(values));
            }

            _history[c][_next] = value;
            for (var a = 0; a < alphas.Count; a++)
            {
                // The first value seeds the average, so an EWMA does not start from zero.
                _ewma[c][a] = Count == 0 ? value : (alphas[a] * value) + ((1 - alphas[a]) * _ewma[c][a]);
            }
        }

        _next = (_next + 1) % _schema.MaxWindow;
        Count++;
    }

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
        var k = 0;
        for (var c = 0; c < _history.Length; c++)
        {
            if (options.Last)
            {
                destination[k++] = (float)Recent(c, 1)[^1];
            }

            foreach (var window in options.Windows)
            {
                var values = Recent(c, window);
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
                destination[k++] = (float)_ewma[c][a];
            }
        }

        if (options.Elapsed)
        {
            destination[k] = Count;
        }
    }

    public float[] Features()
    {
        var features = new float[_schema.FeatureCount];
        WriteFeatures(features);
        return features;
    }

    /// <summary>The last min(window, count) values of channel <paramref name="channel"/>, oldest first.</summary>
    private ReadOnlySpan<double> Recent(int channel, int window)
    {
        var n = (int)Math.Min(window, Count);
        var capacity = _schema.MaxWindow;
        var history = _history[channel];
        for (var i = 0; i < n; i++)
        {
            _window[i] = history[(_next - n + i + capacity) % capacity];
        }

        return _window.AsSpan(0, n);
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
