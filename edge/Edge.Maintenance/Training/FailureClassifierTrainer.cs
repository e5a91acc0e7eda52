using System.Diagnostics;
using Edge.Maintenance.Data;
using Edge.Maintenance.Features;
using Edge.Maintenance.Metrics;
using Edge.Maintenance.Models;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Edge.Maintenance.Training;

/// <summary>Result of a stratified cross-validation: metrics over the pooled out-of-fold probabilities, and per fold.</summary>
public sealed record FailureCrossValidation(BinaryMetrics Pooled, IReadOnlyList<BinaryMetrics> PerFold, TimeSpan Elapsed);

/// <summary>
/// Binary "machine failure" classifier on AI4I-style operating points (ML.NET FastTree). Only the operating point
/// enters the features: the failure-mode flags, UDI and Product ID never reach <see cref="Ai4iRecord"/>.
/// </summary>
public sealed class FailureClassifierTrainer
{
    private readonly MLContext _context;
    private readonly TimeProvider _timeProvider;

    public FailureClassifierTrainer(TimeProvider? timeProvider = null, int seed = 42)
    {
        _context = new MLContext(seed);
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public FailureCrossValidation CrossValidate(IReadOnlyList<Ai4iRecord> records, FailureTrainingOptions? options = null, IProgress<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        options ??= new FailureTrainingOptions();
        var started = Stopwatch.GetTimestamp();
        var features = records.Select(Features).ToArray();
        var labels = records.Select(record => record.MachineFailure).ToArray();
        var folds = Folds.Stratified(labels, options.Folds, options.Seed);
        var probabilities = new double[records.Count];
        var perFold = new List<BinaryMetrics>();
        for (var fold = 0; fold < options.Folds; fold++)
        {
            progress?.Report(new TrainingProgress("cross-validation", fold, options.Folds));
            var trainRows = Enumerable.Range(0, records.Count).Where(i => folds[i] != fold).ToArray();
            var testRows = Enumerable.Range(0, records.Count).Where(i => folds[i] == fold).ToArray();
            var model = Fit(features, labels, trainRows, options.Hyperparameters);
            var scored = model.Transform(Data(features, labels, testRows)).GetColumn<float>("Probability").ToArray();
            for (var i = 0; i < testRows.Length; i++)
            {
                probabilities[testRows[i]] = scored[i];
            }

            perFold.Add(BinaryMetrics.Compute([.. testRows.Select(i => probabilities[i])], [.. testRows.Select(i => labels[i])], options.Threshold));
        }

        progress?.Report(new TrainingProgress("cross-validation", options.Folds, options.Folds));
        return new FailureCrossValidation(BinaryMetrics.Compute(probabilities, labels, options.Threshold), perFold, Stopwatch.GetElapsedTime(started));
    }

    public ModelBundle Train(IReadOnlyList<Ai4iRecord> records, string dataFile, string dataSha256, string outputPath, FailureTrainingOptions? options = null, IReadOnlyDictionary<string, double>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        options ??= new FailureTrainingOptions();
        var features = records.Select(Features).ToArray();
        var labels = records.Select(record => record.MachineFailure).ToArray();
        var all = Enumerable.Range(0, records.Count).ToArray();
        var model = Fit(features, labels, all, options.Hyperparameters);
        var data = Data(features, labels, all);
        var contributions = _context.Transforms.CalculateFeatureContribution(model, numberOfPositiveContributions: 5, numberOfNegativeContributions: 5, normalize: false)
            .Fit(data);
        var chain = new TransformerChain<ITransformer>(model, contributions);
        var smokeRow = Array.FindIndex(labels, label => label);
        var smoke = features[Math.Max(0, smokeRow)];
        var smokePrediction = model.Transform(Data(features, labels, [Math.Max(0, smokeRow)])).GetColumn<float>("Probability").First();
        var now = _timeProvider.GetUtcNow();
        var manifest = new ModelManifest
        {
            SchemaVersion = ModelManifest.CurrentSchemaVersion,
            Kind = ModelKinds.FailureProbability,
            Version = $"ai4i-failure-{now:yyyyMMdd-HHmmss}-{dataSha256[..8]}",
            Dataset = "ai4i",
            Channels = OperatingPointFeatures.Channels,
            FeatureNames = OperatingPointFeatures.FeatureNames,
            Ranges = FeatureStatistics.Ranges(OperatingPointFeatures.FeatureNames, features),
            Histograms = FeatureStatistics.Histograms(OperatingPointFeatures.FeatureNames, features),
            DecisionThreshold = options.Threshold,
            Hyperparameters = options.Hyperparameters,
            DataFile = Path.GetFileName(dataFile),
            DataSha256 = dataSha256,
            ModelSha256 = string.Empty,
            TrainedAt = now,
            Metrics = metrics ?? new Dictionary<string, double>(),
            SmokeFeatures = smoke,
            SmokePrediction = smokePrediction,
        };
        var saved = ModelBundle.Save(outputPath, manifest, chain, data.Schema, _context);
        return ModelBundle.Create(saved, chain, _context);
    }

    public static float[] Features(Ai4iRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return OperatingPointFeatures.Compute(
        [
            OperatingPointFeatures.TypeCode(record.ProductType),
            record.AirTemperatureKelvin,
            record.ProcessTemperatureKelvin,
            record.RotationalSpeedRpm,
            record.TorqueNewtonMeters,
            record.ToolWearMinutes,
        ]);
    }

    private IDataView Data(float[][] features, bool[] labels, int[] rows) =>
        MlRows.Binary(_context, rows.Select(i => new BinaryRow { Label = labels[i], Features = features[i] }), OperatingPointFeatures.FeatureNames.Count);

    private BinaryPredictionTransformer<CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator>> Fit(
        float[][] features, bool[] labels, int[] rows, TreeHyperparameters hyperparameters)
    {
        var trainer = _context.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            NumberOfTrees = hyperparameters.Trees,
            NumberOfLeaves = hyperparameters.Leaves,
            LearningRate = hyperparameters.LearningRate,
            MinimumExampleCountPerLeaf = hyperparameters.MinimumExamplesPerLeaf,
            FeatureFraction = hyperparameters.FeatureFraction,
            MaximumBinCountPerFeature = hyperparameters.MaximumBinsPerFeature,
            Seed = 1,
            FeatureSelectionSeed = 1,
        });
        return trainer.Fit(Data(features, labels, rows));
    }
}
