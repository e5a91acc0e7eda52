namespace Edge.Maintenance.Models;

/// <summary>
/// Reference distribution of one feature in the training data for drift checks: inner bin edges (deciles of the
/// training values, duplicates removed) and the share of training values in each of the <c>Edges.Count + 1</c> bins.
/// </summary>
public sealed record FeatureHistogram(string Feature, IReadOnlyList<double> Edges, IReadOnlyList<double> Fractions)
{
    public const int DefaultBins = 10;

    /// <summary>Index of the bin <paramref name="value"/> falls in: bin i holds values in [Edges[i-1], Edges[i]).</summary>
    public int BinOf(double value)
    {
        var low = 0;
        var high = Edges.Count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (value < Edges[mid])
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }

        return low;
    }

    public static FeatureHistogram FromValues(string feature, IReadOnlyList<double> values, int bins = DefaultBins)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 2);
        if (values.Count == 0)
        {
            throw new ArgumentException("A histogram needs values.", nameof(values));
        }

        var sorted = values.Order().ToArray();
        var edges = new List<double>();
        for (var b = 1; b < bins; b++)
        {
            var edge = sorted[(int)((long)b * sorted.Length / bins)];
            if (edge > sorted[0] && (edges.Count == 0 || edge > edges[^1]))
            {
                edges.Add(edge);
            }
        }

        var histogram = new FeatureHistogram(feature, edges, []);
        var counts = new double[edges.Count + 1];
        foreach (var value in values)
        {
            counts[histogram.BinOf(value)]++;
        }

        return histogram with { Fractions = [.. counts.Select(count => count / values.Count)] };
    }
}
