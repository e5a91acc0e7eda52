namespace Edge.Maintenance.Metrics;

/// <summary>Precision, recall, F1 at a threshold, and the area under the precision-recall curve (average precision).</summary>
public sealed record BinaryMetrics(double Precision, double Recall, double F1, double PrAuc, int Positives, int Count)
{
    public static BinaryMetrics Compute(IReadOnlyList<double> scores, IReadOnlyList<bool> labels, double threshold)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        if (scores.Count != labels.Count || scores.Count == 0)
        {
            throw new ArgumentException("Need one label per score, at least one.");
        }

        int truePositives = 0, falsePositives = 0, falseNegatives = 0, positives = 0;
        for (var i = 0; i < scores.Count; i++)
        {
            var predicted = scores[i] >= threshold;
            positives += labels[i] ? 1 : 0;
            if (predicted && labels[i])
            {
                truePositives++;
            }
            else if (predicted)
            {
                falsePositives++;
            }
            else if (labels[i])
            {
                falseNegatives++;
            }
        }

        var precision = truePositives + falsePositives == 0 ? 0 : (double)truePositives / (truePositives + falsePositives);
        var recall = truePositives + falseNegatives == 0 ? 0 : (double)truePositives / (truePositives + falseNegatives);
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new BinaryMetrics(precision, recall, f1, AveragePrecision(scores, labels), positives, scores.Count);
    }

    /// <summary>
    /// Area under the precision-recall curve as average precision: the sum over distinct score thresholds, highest first,
    /// of (recall gained) x (precision at that threshold). Tied scores enter together. Zero when there is no positive.
    /// </summary>
    public static double AveragePrecision(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        var totalPositives = labels.Count(label => label);
        if (totalPositives == 0)
        {
            return 0;
        }

        double area = 0;
        int truePositives = 0, seen = 0;
        var i = 0;
        while (i < order.Length)
        {
            var score = scores[order[i]];
            var gained = 0;
            while (i < order.Length && scores[order[i]] == score)
            {
                gained += labels[order[i]] ? 1 : 0;
                seen++;
                i++;
            }

            truePositives += gained;
            area += (double)gained / totalPositives * ((double)truePositives / seen);
        }

        return area;
    }
}
