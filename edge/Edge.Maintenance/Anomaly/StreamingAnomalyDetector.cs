namespace Edge.Maintenance.Anomaly;

/// <summary>
/// Unsupervised anomaly detection for one sensor of a machine without a trained model, one value per window.
/// Two detectors on the same baseline: an EWMA z-score (a sudden jump) and a two-sided CUSUM on the standardized
/// value (a slow drift a z-score never flags). The baseline (EWMA mean and variance) learns only from values judged
/// clearly normal, so an anomaly or a drift does not teach itself away; it is frozen until <see cref="AnomalyOptions.WarmUp"/> values.
/// </summary>
public sealed class StreamingAnomalyDetector
{
    private readonly AnomalyOptions _options;
    private double _mean;
    private double _variance;
    private double _cusumHigh;
    private double _cusumLow;

    public StreamingAnomalyDetector(AnomalyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    public long Count { get; private set; }

    public double Mean => _mean;

    public double StandardDeviation => Math.Sqrt(_variance);

    /// <summary>Adds a value and returns how anomalous it is.</summary>
    public AnomalyScore Add(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Values must be finite.");
        }

        Count++;
        if (Count <= _options.WarmUp)
        {
            // Welford over the warm-up values: an unbiased starting baseline instead of the first value alone.
            var delta = value - _mean;
            _mean += delta / Count;
            _variance += ((delta * (value - _mean)) - _variance) / Count;
            return new AnomalyScore(0, 0, false);
        }

        var sd = Math.Max(Math.Sqrt(_variance), _options.MinimumStandardDeviation);
        var z = (value - _mean) / sd;
        _cusumHigh = Math.Max(0, _cusumHigh + z - _options.CusumSlack);
        _cusumLow = Math.Max(0, _cusumLow - z - _options.CusumSlack);
        var cusum = Math.Max(_cusumHigh, _cusumLow);
        var anomalous = Math.Abs(z) >= _options.ZThreshold || cusum >= _options.CusumThreshold;
        // Learn only from clearly normal values: a drift that already built up half a CUSUM interval must not be
        // absorbed into the baseline, or the CUSUM never reaches its threshold.
        var clearlyNormal = Math.Abs(z) < _options.ZThreshold / 2 && cusum < _options.CusumThreshold / 2;
        if (clearlyNormal)
        {
            var alpha = _options.Alpha;
            var delta = value - _mean;
            _mean += alpha * delta;
            _variance = (1 - alpha) * (_variance + (alpha * delta * delta));
        }

        return new AnomalyScore(z, cusum, anomalous);
    }

    /// <summary>Forgets the CUSUM sums (after an alert cleared), keeping the baseline.</summary>
    public void ResetCusum()
    {
        _cusumHigh = 0;
        _cusumLow = 0;
    }
}
