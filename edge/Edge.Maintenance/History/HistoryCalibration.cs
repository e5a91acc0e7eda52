namespace Edge.Maintenance.History;

/// <summary>Calibration of the failure probability (Platt scaling), its Brier score and reliability bins, and the split-conformal remaining-life interval.</summary>
public static class HistoryCalibration
{
    private static readonly double[] s_bandQuantiles = [0.25, 0.5, 0.75];

    /// <summary>
    /// Platt scaling: A, B minimizing the log loss of p = 1 / (1 + exp(A s + B)) on (score, label) pairs, with
    /// Platt's target smoothing ((positives + 1) / (positives + 2), 1 / (negatives + 2)); Newton's method with backtracking.
    /// </summary>
    public static (double A, double B) FitPlatt(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        var positives = labels.Count(l => l);
        var negatives = labels.Count - positives;
        var high = (positives + 1.0) / (positives + 2.0);
        var low = 1.0 / (negatives + 2.0);
        double a = 0, b = Math.Log((negatives + 1.0) / (positives + 1.0));
        var loss = Loss(a, b);
        for (var iteration = 0; iteration < 100; iteration++)
        {
            double gA = 0, gB = 0, hAA = 0, hAB = 0, hBB = 0;
            for (var i = 0; i < scores.Count; i++)
            {
                var p = Sigmoid(a, b, scores[i]);
                var t = labels[i] ? high : low;
                // d(loss)/d(f) with f = A s + B and p = 1 / (1 + e^f): (t - p).
                var d = t - p;
                var w = Math.Max(p * (1 - p), 1e-12);
                gA += d * scores[i];
                gB += d;
                hAA += w * scores[i] * scores[i];
                hAB += w * scores[i];
                hBB += w;
            }

            hAA += 1e-12;
            hBB += 1e-12;
            var det = (hAA * hBB) - (hAB * hAB);
            if (Math.Abs(gA) < 1e-9 && Math.Abs(gB) < 1e-9 || det <= 0)
            {
                break;
            }

            var dA = -((hBB * gA) - (hAB * gB)) / det;
            var dB = -((-hAB * gA) + (hAA * gB)) / det;
            var stepSize = 1.0;
            while (stepSize > 1e-8)
            {
                var next = Loss(a + (stepSize * dA), b + (stepSize * dB));
                if (next < loss + (1e-4 * stepSize * ((gA * dA) + (gB * dB))))
                {
                    a += stepSize * dA;
                    b += stepSize * dB;
                    loss = next;
                    break;
                }

                stepSize /= 2;
            }

            if (stepSize <= 1e-8)
            {
                break;
            }
        }

        return (a, b);

        double Loss(double pa, double pb)
        {
            double sum = 0;
            for (var i = 0; i < scores.Count; i++)
            {
                var t = labels[i] ? high : low;
                var f = (pa * scores[i]) + pb;
                // -[t log p + (1 - t) log(1 - p)] with p = 1 / (1 + e^f), written stably.
                sum += f >= 0 ? (t * f) + Math.Log(1 + Math.Exp(-f)) : ((t - 1) * f) + Math.Log(1 + Math.Exp(f));
            }

            return sum;
        }
    }

    public static double Sigmoid(double a, double b, double score) => 1 / (1 + Math.Exp((a * score) + b));

    public static double Brier(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        if (probabilities.Count == 0)
        {
            return double.NaN;
        }

        double sum = 0;
        for (var i = 0; i < probabilities.Count; i++)
        {
            var d = probabilities[i] - (labels[i] ? 1 : 0);
            sum += d * d;
        }

        return sum / probabilities.Count;
    }

    /// <summary>Ten equal-width bins of predicted probability: mean prediction, observed frequency, count (empty bins left out).</summary>
    public static List<ReliabilityBin> Reliability(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, int bins = 10)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        var sums = new double[bins];
        var hits = new int[bins];
        var counts = new int[bins];
        for (var i = 0; i < probabilities.Count; i++)
        {
            var bin = Math.Clamp((int)(probabilities[i] * bins), 0, bins - 1);
            sums[bin] += probabilities[i];
            hits[bin] += labels[i] ? 1 : 0;
            counts[bin]++;
        }

        return [.. Enumerable.Range(0, bins).Where(b => counts[b] > 0).Select(b => new ReliabilityBin(sums[b] / counts[b], hits[b] / (double)counts[b], counts[b]))];
    }

    /// <summary>
    /// Split-conformal interval at <paramref name="level"/>: bands of predicted remaining life at the quartiles of the
    /// predictions (a band needs 100 residuals, else the bands merge into one), and per band the lower and upper
    /// (1 - level) / 2 quantiles of the signed residuals (true - predicted), with the finite-sample correction.
    /// </summary>
    public static (double[] Edges, double[] Lower, double[] Upper) Conformal(IReadOnlyList<double> predicted, IReadOnlyList<double> actual, double level = 0.9)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(actual);
        if (predicted.Count == 0)
        {
            return ([], [], []);
        }

        var sorted = predicted.Order().ToArray();
        double[] edges = predicted.Count >= 400
            ? [.. s_bandQuantiles.Select(q => sorted[(int)(q * (sorted.Length - 1))]).Distinct()]
            : [];
        var bands = edges.Length + 1;
        var residuals = Enumerable.Range(0, bands).Select(_ => new List<double>()).ToArray();
        for (var i = 0; i < predicted.Count; i++)
        {
            var band = 0;
            while (band < edges.Length && predicted[i] >= edges[band])
            {
                band++;
            }

            residuals[band].Add(actual[i] - predicted[i]);
        }

        if (residuals.Any(r => r.Count < 100))
        {
            edges = [];
            residuals = [[.. residuals.SelectMany(r => r)]];
        }

        var alpha = (1 - level) / 2;
        var lower = residuals.Select(r => Quantile(r, alpha, lowerSide: true)).ToArray();
        var upper = residuals.Select(r => Quantile(r, 1 - alpha, lowerSide: false)).ToArray();
        return (edges, lower, upper);
    }

    private static double Quantile(List<double> values, double q, bool lowerSide)
    {
        var sorted = values.Order().ToArray();
        var n = sorted.Length;
        // Finite-sample conformal rank: ceil((n + 1) q) from above, floor((n + 1) q) from below.
        var rank = lowerSide ? (int)Math.Floor((n + 1) * q) : (int)Math.Ceiling((n + 1) * q);
        return sorted[Math.Clamp(rank - 1, 0, n - 1)];
    }
}
