using System.Globalization;
using System.Text.Json;
using Edge.Maintenance.Cards;
using Edge.Maintenance.History;
using Edge.Maintenance.Models;
using Spectre.Console;

namespace Edge.Tools.Maintenance;

/// <summary><c>model train|evaluate|predict</c> on a plant's own history (T.csv, E.csv, optional M.csv).</summary>
internal static class HistoryWorkflows
{
    public static int Train(string telemetry, string events, string? machines, TimeSpan horizon, double? cap, int folds, string outPath) =>
        Guard(() => TrainModel(telemetry, events, machines, horizon, cap, folds, outPath));

    public static int Evaluate(string modelPath, string telemetry, string events, string? machines, bool json) =>
        Guard(() => EvaluateModel(modelPath, telemetry, events, machines, json));

    public static int Predict(string modelPath, string telemetry, string? events, string? machines, string outPath) =>
        Guard(() => PredictRows(modelPath, telemetry, events, machines, outPath));

    /// <summary>Bad input (a refused CSV with its line-numbered errors, a bad model file, data without failures) is a message and exit code 1, not a stack trace.</summary>
    private static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception exception) when (exception is FormatException or InvalidDataException)
        {
            Console.Error.WriteLine(exception.Message);
            return 1;
        }
    }

    private static int TrainModel(string telemetry, string events, string? machines, TimeSpan horizon, double? cap, int folds, string outPath)
    {
        var data = Read(telemetry, events, machines);
        var options = new HistoryTrainingOptions { Horizon = horizon, RemainingLifeCap = cap, Folds = folds };
        HistoryTrainingResult? result = null;
        AnsiConsole.Progress().Start(context => result = new HistoryTrainer().Train(data, options, outPath, new SpectreTrainingProgress(context)));
        var model = result!.Model;
        var manifest = model.Manifest;
        var table = new Table().AddColumns("head", "candidate", "out-of-fold figure");
        foreach (var c in result.ClassifierCandidates)
        {
            table.AddRow("failure within horizon", c.Hyperparameters.ToString(), $"Brier {F(c.Brier)}");
        }

        foreach (var c in result.RegressorCandidates)
        {
            table.AddRow("remaining life", c.Hyperparameters.ToString(), $"RMSE {F(c.RemainingLifeRmse)} h");
        }

        AnsiConsole.Write(table);
        var bytes = new FileInfo(outPath).Length;
        var plot = ModelCard.PlotPath(outPath, "cv-reliability");
        File.WriteAllText(plot, SvgPlots.Reliability([.. result.Reliability.Select(b => (b.Predicted, b.Observed, b.Count))], "Reliability of the failure probability (out-of-fold, training machines)"));
        ModelCard.Write(outPath, new ModelCardData
        {
            ModelVersion = manifest.Version,
            Kind = manifest.Kind,
            Dataset = "history",
            DataFile = string.Join(", ", new[] { telemetry, events, machines }.Where(p => p is not null).Select(Path.GetFileName)),
            DataSha256 = manifest.DataSha256,
            TrainedAt = manifest.TrainedAt,
            TrainingSeconds = result.Elapsed.TotalSeconds,
            ModelBytes = bytes,
            Channels = model.Sensors,
            FeatureNames = manifest.FeatureNames,
            FeatureDescription = Describe(manifest),
            Hyperparameters = manifest.ClassifierHyperparameters,
            Candidates =
            [
                .. result.ClassifierCandidates.Select(c => $"failure within {F(manifest.HorizonHours)} h: {c.Hyperparameters}: out-of-fold Brier {F(c.Brier)}"),
                .. result.RegressorCandidates.Select(c => $"remaining life: {c.Hyperparameters}: out-of-fold RMSE {F(c.RemainingLifeRmse)} h"),
            ],
            Metrics = Finite(manifest.Metrics.Concat(new Dictionary<string, double>
            {
                ["decisionThreshold"] = manifest.DecisionThreshold,
                ["horizonHours"] = manifest.HorizonHours,
                ["remainingLifeCapHours"] = manifest.RemainingLifeCap,
            })),
            Published = [],
            Plots = [Path.GetFileName(plot)],
        });
        foreach (var warning in data.Warnings)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]warning[/]: {warning}");
        }

        AnsiConsole.MarkupLineInterpolated($"Step {model.Step}, {result.TelemetryRows:N0} telemetry rows, {result.TrainingRows:N0} training rows; alert threshold {F(manifest.DecisionThreshold)}.");
        AnsiConsole.MarkupLineInterpolated($"Model [bold]{manifest.Version}[/] written to {outPath} ({bytes:N0} bytes) in {result.Elapsed.TotalSeconds:F1} s; card {ModelCard.MarkdownPath(outPath)}.");
        return 0;
    }

    private static int EvaluateModel(string modelPath, string telemetry, string events, string? machines, bool json)
    {
        var model = HistoryModel.Load(modelPath);
        var data = Read(telemetry, events, machines);
        var evaluation = HistoryEvaluator.Evaluate(model, data);
        var e = evaluation.Events;
        var table = new Table().AddColumns("figure", "value");
        table.AddRow("machines / failures", $"{e.Machines} / {e.Failures}");
        table.AddRow("failures caught (alert within the horizon before)", $"{e.Caught} (recall {F(e.Recall)})");
        table.AddRow("alert episodes / false alerts", $"{e.AlertEpisodes} / {e.FalseAlerts} (precision {F(e.Precision)})");
        table.AddRow("median lead", $"{F(e.MedianLeadHours)} h");
        table.AddRow("false alerts per machine-month", F(e.FalseAlertsPerMachineMonth));
        table.AddRow("alerts per machine-day", F(e.AlertsPerMachineDay));
        table.AddRow("remaining-life RMSE (capped truth)", $"{F(evaluation.RemainingLifeRmse)} h");
        table.AddRow("90% interval coverage", F(evaluation.IntervalCoverage));
        table.AddRow("Brier score", F(evaluation.Brier));
        AnsiConsole.MarkupLineInterpolated($"Model {model.Version} on {Path.GetFileName(telemetry)}: {evaluation.ScoredSteps:N0} steps scored, horizon {F(model.Horizon.TotalHours)} h, threshold {F(model.DecisionThreshold)}.");
        AnsiConsole.Write(table);
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(
                new HistoryEvaluationJson("history", e.Machines, e.Failures, e.HorizonHours, R(e.Precision), R(e.Recall), R(e.F1), R(e.MedianLeadHours),
                    R(e.FalseAlertsPerMachineMonth), R(e.AlertsPerMachineDay), Nullable(evaluation.RemainingLifeRmse), Nullable(evaluation.IntervalCoverage), Nullable(evaluation.Brier)),
                CommandJsonContext.Default.HistoryEvaluationJson));
        }

        return 0;
    }

    private static int PredictRows(string modelPath, string telemetry, string? events, string? machines, string outPath)
    {
        var model = HistoryModel.Load(modelPath);
        var data = Read(telemetry, events, machines);
        var rows = 0;
        using (var writer = new StreamWriter(outPath))
        {
            writer.WriteLine("timestamp,machine,failureProbability,remainingLife,lower,upper");
            HistoryEvaluator.Evaluate(model, data, row =>
            {
                var p = row.Prediction;
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{HistoryCsv.FormatTimestamp(row.Timestamp)},{row.Machine},{p?.FailureProbability:0.######},{p?.RemainingLife:0.###},{p?.Lower:0.###},{p?.Upper:0.###}"));
                rows++;
            });
        }

        AnsiConsole.MarkupLineInterpolated($"{rows:N0} predictions of model {model.Version} written to {outPath}.");
        return 0;
    }

    private static HistoryData Read(string telemetry, string? events, string? machines)
    {
        var data = HistoryCsv.Read(telemetry, events, machines);
        AnsiConsole.MarkupLineInterpolated($"Read {data.Machines.Count} machines, {data.RowCount:N0} telemetry rows, {data.Events.Count:N0} events ({data.UnknownMachineEvents} of unknown machines skipped).");
        return data;
    }

    private static string Describe(HistoryManifest manifest)
    {
        var spec = manifest.Spec;
        var windows = string.Join("/", spec.Rolling.Windows);
        var alphas = string.Join("/", spec.Rolling.EwmaAlphas.Select(a => a.ToString(CultureInfo.InvariantCulture)));
        return $"per sensor, over steps of {spec.Step}: last value; rolling mean, SD, min, max, slope over {windows} steps; EWMA (alpha {alphas})"
            + (spec.Normalize ? $"; deviation from the machine's baseline (first {spec.BaselineSteps} steps after its last reset) as difference and z-score" : string.Empty)
            + $"; hours since reset, maintenance, failure and maintenance of {spec.Components.Count} components; error counts over {string.Join("/", spec.ErrorWindows)}"
            + (spec.UseAge ? "; age" : string.Empty) + (spec.MachineModels.Count > 0 ? $"; machine model (one-hot of {spec.MachineModels.Count})" : string.Empty);
    }

    private static Dictionary<string, double> Finite(IEnumerable<KeyValuePair<string, double>> metrics) =>
        metrics.Where(m => double.IsFinite(m.Value)).ToDictionary(m => m.Key, m => m.Value);

    private static double R(double value) => double.IsFinite(value) ? Math.Round(value, 4) : 0;

    private static double? Nullable(double value) => double.IsFinite(value) ? Math.Round(value, 4) : null;

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
