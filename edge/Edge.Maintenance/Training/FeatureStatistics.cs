using Edge.Maintenance.Models;

namespace Edge.Maintenance.Training;

/// <summary>Per-feature ranges and reference histograms of a training table, for alerts and drift checks.</summary>
internal static class FeatureStatistics
{
    public static List<FeatureRange> Ranges(IReadOnlyList<string> names, IReadOnlyList<float[]> rows)
    {
        var ranges = new List<FeatureRange>(names.Count);
        for (var f = 0; f < names.Count; f++)
        {
            double min = double.MaxValue, max = double.MinValue;
            foreach (var row in rows)
            {
                min = Math.Min(min, row[f]);
                max = Math.Max(max, row[f]);
            }

            ranges.Add(new FeatureRange(names[f], min, max));
        }

        return ranges;
    }

    public static List<FeatureHistogram> Histograms(IReadOnlyList<string> names, IReadOnlyList<float[]> rows)
    {
        var histograms = new List<FeatureHistogram>(names.Count);
        var column = new double[rows.Count];
        for (var f = 0; f < names.Count; f++)
        {
            for (var r = 0; r < rows.Count; r++)
            {
                column[r] = rows[r][f];
            }

            histograms.Add(FeatureHistogram.FromValues(names[f], column));
        }

        return histograms;
    }
}
