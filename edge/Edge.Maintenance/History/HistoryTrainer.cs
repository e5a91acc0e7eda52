using System.Diagnostics;
using Edge.Maintenance.Metrics;
using Edge.Maintenance.Models;
using Edge.Maintenance.Training;
using Microsoft.ML;

namespace Edge.Maintenance.History;

/// <summary>
/// Trains a history model: failure within the horizon (FastTree binary, Platt-calibrated on out-of-fold scores) and
/// remaining life in hours (FastTree regression, where a later failure is known), with a split-conformal 90% interval
/// and an alert threshold chosen on out-of-fold predictions. Hyperparameters come from a small grid judged by
/// cross-validation grouped by machine and split by time (<see cref="HistoryTrainingOptions.TimeSplit"/>), on the
/// training history only; the chosen candidates are then fitted on every training row.
/// </summary>
public sealed class HistoryTrainer
{
    private readonly MLContext _context;
    private readonly TimeProvider _time;

    public HistoryTrainer(TimeProvider? time = null, int seed = 42)
    {
        _context = new MLContext(seed);
        _time = time ?? TimeProvider.System;
    }

    public HistoryTrainingResult Train(HistoryData data, HistoryTrainingOptions options, string outputPath, IProgress<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        options.Validate();
        var started = Stopwatch.GetTimestamp();
        if (data.Machines.Count < 2)
        {
            throw new InvalidDataException("Training needs at least 2 machines (cross-validation holds machines out).");
        }

        var cap = options.RemainingLifeCap ?? 5 * options.Horizon.TotalHours;
        var spec = HistoryTableBuilder.Spec(data, options);
        progress?.Report(new TrainingProgress("features", 0, 1));
        var table = HistoryTableBuilder.Build(data, spec, options, cap);
        progress?.Report(new TrainingProgress("features", 1, 1));
        var names = spec.FeatureNames();
        if (!table.Failure.Contains((sbyte)1))
        {
            throw new InvalidDataException($"No failure in the history falls within {options.Horizon.TotalHours} h after a telemetry row: nothing to learn a failure from.");
        }

        var fitter = new HistoryFitter(_context, names.Count);
        var folds = Folds.Grouped(Enumerable.Range(0, data.Machines.Count), Math.Min(options.Folds, data.Machines.Count), options.Seed);
        var validation = Enumerable.Range(0, table.Count).Where(i => table.Time[i] >= table.Cut || !options.TimeSplit).ToArray();
        var hasLife = table.RemainingLife.Any(float.IsFinite);
        var cv = new HistoryCrossValidation(fitter, table, folds, options, validation, hasLife, progress);
        var (classifierResults, bestClassifier, oofScores) = cv.Classifier();
        var (regressorResults, bestRegressor, oofLife) = hasLife ? cv.Regressor() : ([], null, []);

        var labelled = validation.Where(i => table.Failure[i] >= 0 && double.IsFinite(oofScores[i])).ToArray();
        var (a, b) = HistoryCalibration.FitPlatt([.. labelled.Select(i => oofScores[i])], [.. labelled.Select(i => table.Failure[i] == 1)]);
        var probabilities = labelled.Select(i => HistoryCalibration.Sigmoid(a, b, oofScores[i])).ToArray();
        var outcomes = labelled.Select(i => table.Failure[i] == 1).ToArray();
        var brier = HistoryCalibration.Brier(probabilities, outcomes);
        var reliability = HistoryCalibration.Reliability(probabilities, outcomes);

        var lifeRows = validation.Where(i => float.IsFinite(table.RemainingLife[i]) && oofLife.Length > 0 && double.IsFinite(oofLife[i])).ToArray();
        var (edges, lower, upper) = HistoryCalibration.Conformal([.. lifeRows.Select(i => oofLife[i])], [.. lifeRows.Select(i => (double)table.RemainingLife[i])]);
        var rmse = lifeRows.Length == 0 ? double.NaN : Math.Sqrt(lifeRows.Average(i => Math.Pow(oofLife[i] - table.RemainingLife[i], 2)));

        var scored = validation.Where(i => double.IsFinite(oofScores[i]))
            .Select(i => (Machine: data.Machines[table.Machine[i]].Machine, At: new DateTimeOffset(table.Time[i], TimeSpan.Zero), Probability: HistoryCalibration.Sigmoid(a, b, oofScores[i])))
            .ToList();
        var observed = Observed(data, table, options.TimeSplit);
        var failures = data.Events.Where(e => e.Kind == MachineEventKinds.Failure).ToList();
        var (threshold, alerts) = HistoryAlerts.ChooseThreshold(scored, failures, observed, options.Horizon, options.TargetFalseAlertsPerMachineMonth);

        progress?.Report(new TrainingProgress("final fit", 0, 1));
        var all = Enumerable.Range(0, table.Count).Where(i => table.Failure[i] >= 0).ToArray();
        var classifier = fitter.FitClassifier(table.Features, table.Failure, all, bestClassifier);
        var (chain, classifierBytes) = fitter.WithContributions(classifier, table.Features, all);
        ITransformer? regressor = null;
        byte[]? regressorBytes = null;
        if (bestRegressor is not null)
        {
            var lifeAll = Enumerable.Range(0, table.Count).Where(i => float.IsFinite(table.RemainingLife[i])).ToArray();
            regressor = fitter.FitRegressor(table.Features, table.RemainingLife, lifeAll, bestRegressor);
            regressorBytes = fitter.Serialize(regressor);
        }

        progress?.Report(new TrainingProgress("final fit", 1, 1));
        var now = _time.GetUtcNow();
        var smoke = table.Features[Array.FindIndex(table.Failure, f => f == 1)];
        var manifest = new HistoryManifest
        {
            SchemaVersion = HistoryManifest.CurrentSchemaVersion,
            Version = $"history-{now:yyyyMMdd}t{now:HHmm}-k{(data.DataSha256.Length >= 6 ? data.DataSha256[..6] : "data")}", // no long hex run: the egress guard refuses MAC-like labels
            Spec = spec,
            FeatureNames = names,
            Ranges = FeatureStatistics.Ranges(names, table.Features),
            HorizonHours = options.Horizon.TotalHours,
            RemainingLifeCap = cap,
            PlattA = a,
            PlattB = b,
            DecisionThreshold = threshold,
            IntervalBandEdges = edges,
            IntervalLowerOffsets = lower,
            IntervalUpperOffsets = upper,
            ClassifierHyperparameters = bestClassifier,
            RegressorHyperparameters = bestRegressor,
            ClassifierSha256 = string.Empty,
            DataSha256 = data.DataSha256,
            TrainedAt = now,
            Metrics = Metrics(data, table, brier, rmse, alerts, lifeRows, oofLife, edges, lower, upper),
            SmokeFeatures = smoke,
            SmokeProbability = 0,
        };
        var model = new HistoryModel(manifest, chain, regressor, _context);
        var smokePrediction = model.Predict(smoke);
        manifest = manifest with { SmokeProbability = smokePrediction.FailureProbability, SmokeRemainingLife = smokePrediction.RemainingLife ?? 0 };
        progress?.Report(new TrainingProgress("save", 0, 1));
        manifest = HistoryModelFile.Save(outputPath, manifest, classifierBytes, regressorBytes);
        progress?.Report(new TrainingProgress("save", 1, 1));
        return new HistoryTrainingResult(new HistoryModel(manifest, chain, regressor, _context), classifierResults, regressorResults, reliability, alerts, Stopwatch.GetElapsedTime(started))
        {
            TrainingRows = table.Count,
            TelemetryRows = data.RowCount,
        };
    }

    private static Dictionary<string, (DateTimeOffset From, DateTimeOffset To)> Observed(HistoryData data, HistoryTable table, bool timeSplit)
    {
        var observed = new Dictionary<string, (DateTimeOffset, DateTimeOffset)>(StringComparer.Ordinal);
        for (var m = 0; m < data.Machines.Count; m++)
        {
            var from = timeSplit ? Math.Max(table.Cut, table.ObservedFrom[m]) : table.ObservedFrom[m];
            if (from < table.ObservedEnd[m])
            {
                observed[data.Machines[m].Machine] = (new DateTimeOffset(from, TimeSpan.Zero), new DateTimeOffset(table.ObservedEnd[m], TimeSpan.Zero));
            }
        }

        return observed;
    }

    private static Dictionary<string, double> Metrics(
        HistoryData data, HistoryTable table, double brier, double rmse, EventMetrics alerts, int[] lifeRows, double[] oofLife, double[] edges, double[] lower, double[] upper)
    {
        var covered = lifeRows.Count(i =>
        {
            var band = edges.Count(e => oofLife[i] >= e);
            var y = table.RemainingLife[i];
            return y >= Math.Max(0, oofLife[i] + lower[band]) && y <= oofLife[i] + upper[band];
        });
        return new Dictionary<string, double>
        {
            ["machines"] = data.Machines.Count,
            ["telemetryRows"] = data.RowCount,
            ["trainingRows"] = table.Count,
            ["stride"] = table.Stride,
            ["failures"] = data.Events.Count(e => e.Kind == MachineEventKinds.Failure),
            ["cvBrier"] = brier,
            ["cvRemainingLifeRmse"] = rmse,
            ["cvIntervalCoverage"] = lifeRows.Length == 0 ? double.NaN : covered / (double)lifeRows.Length,
            ["cvRecall"] = alerts.Recall,
            ["cvPrecision"] = alerts.Precision,
            ["cvMedianLeadHours"] = alerts.MedianLeadHours,
            ["cvFalseAlertsPerMachineMonth"] = alerts.FalseAlertsPerMachineMonth,
        };
    }
}
