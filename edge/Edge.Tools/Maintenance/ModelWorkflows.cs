using System.Globalization;
using System.Text.Json;
using Edge.Maintenance.Cards;
using Edge.Maintenance.Data;
using Edge.Maintenance.Evaluation;
using Edge.Maintenance.Models;
using Edge.Maintenance.Serving;
using Edge.Maintenance.Training;
using Spectre.Console;

namespace Edge.Tools.Maintenance;

/// <summary>What <see cref="ModelCommands"/> runs: load, train or evaluate, print, write the model card.</summary>
internal static class ModelWorkflows
{
    public static int TrainCmapss(string trainFile, string outPath, int folds, double cap)
    {
        var engines = CmapssFile.Load(trainFile);
        var sha = DataHash.OfFile(trainFile);
        AnsiConsole.MarkupLineInterpolated($"Training on [bold]{Path.GetFileName(trainFile)}[/]: {engines.Count} engines, {engines.Sum(e => e.Rows.Count)} cycles.");
        var options = new RulTrainingOptions { Folds = folds, Cap = cap };
        RulTrainingResult? result = null;
        AnsiConsole.Progress().Start(context =>
            result = new RulTrainer().Train(engines, trainFile, sha, outPath, options, new SpectreTrainingProgress(context)));

        var manifest = result!.Bundle.Manifest;
        var table = new Table().AddColumns("candidate", "CV RMSE (rows, capped)", "CV PHM08 per engine (random cut, capped)");
        foreach (var candidate in result.Candidates)
        {
            table.AddRow(candidate.Hyperparameters.ToString(), F(candidate.Rmse), F(candidate.MeanScorePerEngine));
        }

        AnsiConsole.Write(table);
        var bytes = new FileInfo(outPath).Length;
        var plots = WriteRulPlots(outPath, "cv", result.OutOfFold, "out-of-fold, training engines cut at random");
        ModelCard.Write(outPath, new ModelCardData
        {
            ModelVersion = manifest.Version,
            Kind = manifest.Kind,
            Dataset = manifest.Dataset,
            DataFile = manifest.DataFile,
            DataSha256 = manifest.DataSha256,
            TrainedAt = manifest.TrainedAt,
            TrainingSeconds = result.Elapsed.TotalSeconds,
            ModelBytes = bytes,
            Channels = manifest.Channels,
            FeatureNames = manifest.FeatureNames,
            FeatureDescription = Describe(manifest),
            Hyperparameters = manifest.Hyperparameters,
            Candidates = [.. result.Candidates.Select(c => $"{c.Hyperparameters}: CV RMSE {F(c.Rmse)}, mean PHM08 per engine {F(c.MeanScorePerEngine)}")],
            Metrics = manifest.Metrics,
            Published = PublishedResults.CmapssFd001,
            Plots = plots,
        });
        AnsiConsole.MarkupLineInterpolated($"Chose [bold]{manifest.Hyperparameters}[/]. Model [bold]{manifest.Version}[/] written to {outPath} ({bytes:N0} bytes) in {result.Elapsed.TotalSeconds:F1} s; card {ModelCard.MarkdownPath(outPath)}.");
        return 0;
    }

    public static int EvaluateCmapss(string modelPath, string testFile, string truthFile, bool json)
    {
        var bundle = ModelBundle.Load(modelPath);
        var engines = CmapssFile.Load(testFile);
        var truth = CmapssFile.LoadTruth(truthFile);
        var evaluation = RulEvaluator.Evaluate(bundle, engines, truth);
        var table = new Table().AddColumns("truth", "RMSE", "PHM08 score");
        table.AddRow("as given", F(evaluation.Rmse), F(evaluation.Score));
        table.AddRow($"capped at {bundle.Manifest.RemainingLifeCap}", F(evaluation.RmseCappedTruth), F(evaluation.ScoreCappedTruth));
        AnsiConsole.MarkupLineInterpolated($"Model {bundle.Manifest.Version} on {Path.GetFileName(testFile)}: {evaluation.Engines} engines, last cycle of each.");
        AnsiConsole.Write(table);

        var name = Path.GetFileNameWithoutExtension(testFile);
        var plots = WriteRulPlots(modelPath, name, evaluation.Predictions, $"{Path.GetFileName(testFile)}, last cycle of each engine");
        if (ModelCard.TryRead(modelPath) is { } card)
        {
            ModelCard.AddEvaluation(modelPath, card, new CardEvaluation(name, Path.GetFileName(testFile), DataHash.OfFile(testFile), TimeProvider.System.GetUtcNow(), new Dictionary<string, double>
            {
                ["engines"] = evaluation.Engines,
                ["rmse"] = evaluation.Rmse,
                ["score"] = evaluation.Score,
                ["rmseCappedTruth"] = evaluation.RmseCappedTruth,
                ["scoreCappedTruth"] = evaluation.ScoreCappedTruth,
            }), plots);
        }

        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(
                new CmapssEvaluationJson("cmapss", evaluation.Engines, Round(evaluation.Rmse), Round(evaluation.Score), Round(evaluation.RmseCappedTruth)),
                CommandJsonContext.Default.CmapssEvaluationJson));
        }

        return 0;
    }

    public static int TrainAi4i(string dataFile, string outPath, int folds)
    {
        var records = Ai4iFile.Load(dataFile);
        var sha = DataHash.OfFile(dataFile);
        var options = new FailureTrainingOptions { Folds = folds };
        var trainer = new FailureClassifierTrainer();
        var started = TimeProvider.System.GetTimestamp();
        FailureCrossValidation? cv = null;
        ModelBundle? bundle = null;
        AnsiConsole.Progress().Start(context =>
        {
            cv = trainer.CrossValidate(records, options, new SpectreTrainingProgress(context));
            var fit = context.AddTask("final fit", maxValue: 1);
            bundle = trainer.Train(records, dataFile, sha, outPath, options, Metrics(cv));
            fit.Value = 1;
        });

        var elapsed = TimeProvider.System.GetElapsedTime(started);
        var manifest = bundle!.Manifest;
        var bytes = new FileInfo(outPath).Length;
        ModelCard.Write(outPath, new ModelCardData
        {
            ModelVersion = manifest.Version,
            Kind = manifest.Kind,
            Dataset = manifest.Dataset,
            DataFile = manifest.DataFile,
            DataSha256 = manifest.DataSha256,
            TrainedAt = manifest.TrainedAt,
            TrainingSeconds = elapsed.TotalSeconds,
            ModelBytes = bytes,
            Channels = manifest.Channels,
            FeatureNames = manifest.FeatureNames,
            Hyperparameters = manifest.Hyperparameters,
            Metrics = manifest.Metrics,
            Published = PublishedResults.Ai4i,
        });
        PrintBinary(cv!, folds);
        AnsiConsole.MarkupLineInterpolated($"Model [bold]{manifest.Version}[/] written to {outPath} ({bytes:N0} bytes) in {elapsed.TotalSeconds:F1} s; card {ModelCard.MarkdownPath(outPath)}.");
        return 0;
    }

    public static int EvaluateAi4i(string dataFile, int folds, bool json)
    {
        var records = Ai4iFile.Load(dataFile);
        FailureCrossValidation? cv = null;
        AnsiConsole.Progress().Start(context =>
            cv = new FailureClassifierTrainer().CrossValidate(records, new FailureTrainingOptions { Folds = folds }, new SpectreTrainingProgress(context)));
        PrintBinary(cv!, folds);
        if (json)
        {
            var pooled = cv!.Pooled;
            Console.Out.WriteLine(JsonSerializer.Serialize(
                new Ai4iEvaluationJson("ai4i", folds, Round(pooled.F1), Round(pooled.Precision), Round(pooled.Recall), Round(pooled.PrAuc)),
                CommandJsonContext.Default.Ai4iEvaluationJson));
        }

        return 0;
    }

    private static Dictionary<string, double> Metrics(FailureCrossValidation cv) => new()
    {
        ["cvF1"] = cv.Pooled.F1,
        ["cvPrecision"] = cv.Pooled.Precision,
        ["cvRecall"] = cv.Pooled.Recall,
        ["cvPrAuc"] = cv.Pooled.PrAuc,
        ["folds"] = cv.PerFold.Count,
    };

    private static void PrintBinary(FailureCrossValidation cv, int folds)
    {
        var table = new Table().AddColumns("fold", "precision", "recall", "F1", "PR-AUC");
        for (var i = 0; i < cv.PerFold.Count; i++)
        {
            var m = cv.PerFold[i];
            table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), F(m.Precision), F(m.Recall), F(m.F1), F(m.PrAuc));
        }

        table.AddRow("pooled", F(cv.Pooled.Precision), F(cv.Pooled.Recall), F(cv.Pooled.F1), F(cv.Pooled.PrAuc));
        AnsiConsole.MarkupLineInterpolated($"Stratified {folds}-fold cross-validation (seed 42), {cv.Pooled.Count} rows, {cv.Pooled.Positives} failures, {cv.Elapsed.TotalSeconds:F1} s.");
        AnsiConsole.Write(table);
    }

    private static List<string> WriteRulPlots(string modelPath, string name, IReadOnlyList<EnginePrediction> predictions, string caption)
    {
        var scatter = ModelCard.PlotPath(modelPath, $"{name}-predicted-vs-true");
        var histogram = ModelCard.PlotPath(modelPath, $"{name}-errors");
        File.WriteAllText(scatter, SvgPlots.PredictedVersusTrue(predictions, $"Predicted vs true remaining life ({caption})"));
        File.WriteAllText(histogram, SvgPlots.ErrorHistogram([.. predictions.Select(p => p.Predicted - p.Actual)], $"Prediction error ({caption})"));
        return [Path.GetFileName(scatter), Path.GetFileName(histogram)];
    }

    private static string Describe(ModelManifest manifest)
    {
        var features = manifest.Features!;
        var windows = string.Join("/", features.Windows);
        var alphas = string.Join("/", features.EwmaAlphas.Select(a => a.ToString(CultureInfo.InvariantCulture)));
        return $"per channel: last value; rolling mean, SD, min, max, slope over {windows} cycles; EWMA (alpha {alphas}); plus elapsed cycles";
    }

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static double Round(double value) => Math.Round(value, 4);
}
