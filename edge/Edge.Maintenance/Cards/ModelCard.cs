using System.Globalization;
using System.Text;
using System.Text.Json;
using Edge.Maintenance.Models;

namespace Edge.Maintenance.Cards;

/// <summary>
/// Writes the model card next to a model file: <c>&lt;model&gt;.card.json</c> (machine-readable),
/// <c>&lt;model&gt;.card.md</c> (for people) and the SVG plots it links. Evaluations append to the card.
/// </summary>
public static class ModelCard
{
    public static string JsonPath(string modelPath) => Path.ChangeExtension(modelPath, ".card.json");

    public static string MarkdownPath(string modelPath) => Path.ChangeExtension(modelPath, ".card.md");

    /// <summary>Path of a plot next to the model: <c>&lt;model&gt;.&lt;name&gt;.svg</c>.</summary>
    public static string PlotPath(string modelPath, string name) => Path.ChangeExtension(modelPath, $".{name}.svg");

    public static void Write(string modelPath, ModelCardData card)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ArgumentNullException.ThrowIfNull(card);
        File.WriteAllText(JsonPath(modelPath), JsonSerializer.Serialize(card, ModelCardJsonContext.Default.ModelCardData));
        File.WriteAllText(MarkdownPath(modelPath), Markdown(card));
    }

    public static ModelCardData? TryRead(string modelPath)
    {
        var path = JsonPath(modelPath);
        return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), ModelCardJsonContext.Default.ModelCardData) : null;
    }

    /// <summary>Adds (or replaces, by name) an evaluation and its plots, and rewrites the card.</summary>
    public static void AddEvaluation(string modelPath, ModelCardData card, CardEvaluation evaluation, IReadOnlyList<string> plots)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(evaluation);
        var updated = card with
        {
            Evaluations = [.. card.Evaluations.Where(e => e.Name != evaluation.Name), evaluation],
            Plots = [.. card.Plots.Union(plots)],
        };
        Write(modelPath, updated);
    }

    public static string Markdown(ModelCardData card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Model card: {card.ModelVersion}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Kind: {card.Kind}; dataset: {card.Dataset}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Training data: `{card.DataFile}`, SHA-256 `{card.DataSha256}`");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Trained at {card.TrainedAt:u} in {card.TrainingSeconds:F1} s; model file {card.ModelBytes:N0} bytes");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Trainer: ML.NET FastTree, {card.Hyperparameters}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Input channels ({card.Channels.Count}): {string.Join(", ", card.Channels)}");
        if (card.FeatureDescription is not null)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- Features ({card.FeatureNames.Count}): {card.FeatureDescription}");
        }
        else
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- Features ({card.FeatureNames.Count}): {string.Join(", ", card.FeatureNames)}");
        }

        if (card.Candidates.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Hyperparameter candidates (cross-validation on the training file only)");
            md.AppendLine();
            foreach (var candidate in card.Candidates)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {candidate}");
            }
        }

        md.AppendLine();
        md.AppendLine("## Metrics on the training data (cross-validation)");
        md.AppendLine();
        md.AppendLine("| metric | value |");
        md.AppendLine("|---|---|");
        foreach (var (name, value) in card.Metrics)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {value:0.####} |");
        }

        foreach (var evaluation in card.Evaluations)
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"## Evaluation: {evaluation.Name}");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"Data `{evaluation.DataFile}` (SHA-256 `{evaluation.DataSha256}`), {evaluation.EvaluatedAt:u}.");
            md.AppendLine();
            md.AppendLine("| metric | value |");
            md.AppendLine("|---|---|");
            foreach (var (name, value) in evaluation.Metrics)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {value:0.####} |");
            }
        }

        md.AppendLine();
        md.AppendLine("## Published results for comparison");
        md.AppendLine();
        md.AppendLine("| method | source | figures |");
        md.AppendLine("|---|---|---|");
        foreach (var published in card.Published)
        {
            var figures = string.Join(", ", published.Metrics.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key} {m.Value}")));
            md.AppendLine(CultureInfo.InvariantCulture, $"| {published.Method} | {published.Source} | {figures} |");
        }

        if (card.Plots.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Plots");
            md.AppendLine();
            foreach (var plot in card.Plots)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"![{plot}]({plot})");
            }
        }

        return md.ToString();
    }
}
