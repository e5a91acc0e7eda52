using System.Globalization;
using System.Net;
using System.Text;
using Edge.Maintenance.Training;

namespace Edge.Maintenance.Cards;

/// <summary>Small self-contained SVG charts for model cards (no plotting library on the gateway).</summary>
public static class SvgPlots
{
    private const int Width = 720;
    private const int Height = 360;
    private const int Left = 60;
    private const int Right = 20;
    private const int Top = 40;
    private const int Bottom = 50;

    /// <summary>Engines sorted by true remaining life: true value as a line, prediction as a dot, per engine.</summary>
    public static string PredictedVersusTrue(IReadOnlyList<EnginePrediction> predictions, string title)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        var sorted = predictions.OrderBy(p => p.Actual).ToArray();
        var maxY = Math.Max(1, sorted.Max(p => Math.Max(p.Actual, p.Predicted)));
        var svg = Begin(title, "engines, sorted by true remaining life", "remaining life (cycles)", maxY);
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(int i) => Left + (sorted.Length == 1 ? plotWidth / 2.0 : i * plotWidth / (double)(sorted.Length - 1));
        double Y(double v) => Top + plotHeight - (v / maxY * plotHeight);
        svg.Append("<polyline fill=\"none\" stroke=\"#444\" stroke-width=\"1.5\" points=\"");
        for (var i = 0; i < sorted.Length; i++)
        {
            svg.Append(Invariant($"{X(i):F1},{Y(sorted[i].Actual):F1} "));
        }

        svg.Append("\"/>\n");
        for (var i = 0; i < sorted.Length; i++)
        {
            var late = sorted[i].Predicted > sorted[i].Actual;
            svg.Append(Invariant($"<circle cx=\"{X(i):F1}\" cy=\"{Y(sorted[i].Predicted):F1}\" r=\"3\" fill=\"{(late ? "#c0392b" : "#2471a3")}\"><title>unit {sorted[i].Unit}: predicted {sorted[i].Predicted:F1}, true {sorted[i].Actual:F0}</title></circle>\n"));
        }

        svg.Append(Invariant($"<text x=\"{Width - Right}\" y=\"{Top - 8}\" text-anchor=\"end\" font-size=\"11\">line: true; dots: predicted (red = late, blue = early)</text>\n"));
        return End(svg);
    }

    /// <summary>Histogram of prediction errors (predicted - true) in bins of <paramref name="binWidth"/> cycles.</summary>
    public static string ErrorHistogram(IReadOnlyList<double> errors, string title, double binWidth = 5)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(binWidth);
        if (errors.Count == 0)
        {
            throw new ArgumentException("No errors to plot.", nameof(errors));
        }

        var low = Math.Floor(errors.Min() / binWidth) * binWidth;
        var high = (Math.Floor(errors.Max() / binWidth) + 1) * binWidth;
        var bins = (int)Math.Round((high - low) / binWidth);
        var counts = new int[bins];
        foreach (var error in errors)
        {
            counts[Math.Min(bins - 1, (int)((error - low) / binWidth))]++;
        }

        var maxCount = Math.Max(1, counts.Max());
        var svg = Begin(title, "error = predicted - true (cycles)", "engines", maxCount);
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var barWidth = plotWidth / (double)bins;
        for (var b = 0; b < bins; b++)
        {
            var barHeight = counts[b] / (double)maxCount * plotHeight;
            var x = Left + (b * barWidth);
            var from = low + (b * binWidth);
            svg.Append(Invariant($"<rect x=\"{x:F1}\" y=\"{Top + plotHeight - barHeight:F1}\" width=\"{Math.Max(1, barWidth - 1):F1}\" height=\"{barHeight:F1}\" fill=\"{(from >= 0 ? "#c0392b" : "#2471a3")}\"><title>[{from:F0}, {from + binWidth:F0}): {counts[b]}</title></rect>\n"));
            if (bins <= 30 || b % 2 == 0)
            {
                svg.Append(Invariant($"<text x=\"{x:F1}\" y=\"{Top + plotHeight + 14}\" font-size=\"9\">{from:F0}</text>\n"));
            }
        }

        return End(svg);
    }

    /// <summary>Reliability diagram: observed failure frequency against mean predicted probability per bin (dot area ~ rows), and the diagonal.</summary>
    public static string Reliability(IReadOnlyList<(double Predicted, double Observed, int Count)> bins, string title)
    {
        ArgumentNullException.ThrowIfNull(bins);
        var svg = Begin(title, "predicted probability (bin mean)", "observed failure frequency", 1);
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(double p) => Left + (p * plotWidth);
        double Y(double p) => Top + plotHeight - (p * plotHeight);
        svg.Append(Invariant($"<line x1=\"{X(0):F1}\" y1=\"{Y(0):F1}\" x2=\"{X(1):F1}\" y2=\"{Y(1):F1}\" stroke=\"#888\" stroke-dasharray=\"4 4\"/>\n"));
        var largest = Math.Max(1, bins.Count == 0 ? 1 : bins.Max(b => b.Count));
        foreach (var (predicted, observed, count) in bins)
        {
            var radius = 3 + (9 * Math.Sqrt(count / (double)largest));
            svg.Append(Invariant($"<circle cx=\"{X(predicted):F1}\" cy=\"{Y(observed):F1}\" r=\"{radius:F1}\" fill=\"#2471a3\" fill-opacity=\"0.6\"><title>predicted {predicted:F3}, observed {observed:F3}, {count} rows</title></circle>\n"));
        }

        for (var t = 0; t <= 4; t++)
        {
            svg.Append(Invariant($"<text x=\"{X(t / 4.0):F1}\" y=\"{Top + plotHeight + 14}\" text-anchor=\"middle\" font-size=\"10\">{t / 4.0:0.##}</text>\n"));
        }

        return End(svg);
    }

    private static StringBuilder Begin(string title, string xLabel, string yLabel, double maxY)
    {
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\">\n"));
        svg.Append(Invariant($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n"));
        svg.Append(Invariant($"<text x=\"{Left}\" y=\"20\" font-size=\"14\" font-weight=\"bold\">{WebUtility.HtmlEncode(title)}</text>\n"));
        var plotHeight = Height - Top - Bottom;
        svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Top + plotHeight}\" stroke=\"black\"/>\n"));
        svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{Top + plotHeight}\" x2=\"{Width - Right}\" y2=\"{Top + plotHeight}\" stroke=\"black\"/>\n"));
        for (var t = 0; t <= 4; t++)
        {
            var value = maxY * t / 4;
            var y = Top + plotHeight - (t * plotHeight / 4.0);
            svg.Append(Invariant($"<text x=\"{Left - 6}\" y=\"{y + 4:F1}\" text-anchor=\"end\" font-size=\"10\">{value:0.#}</text>\n"));
            svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{y:F1}\" x2=\"{Width - Right}\" y2=\"{y:F1}\" stroke=\"#ddd\"/>\n"));
        }

        svg.Append(Invariant($"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 10}\" text-anchor=\"middle\" font-size=\"11\">{WebUtility.HtmlEncode(xLabel)}</text>\n"));
        svg.Append(Invariant($"<text x=\"14\" y=\"{Top + (plotHeight / 2)}\" text-anchor=\"middle\" font-size=\"11\" transform=\"rotate(-90 14 {Top + (plotHeight / 2)})\">{WebUtility.HtmlEncode(yLabel)}</text>\n"));
        return svg;
    }

    private static string End(StringBuilder svg) => svg.Append("</svg>\n").ToString();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
