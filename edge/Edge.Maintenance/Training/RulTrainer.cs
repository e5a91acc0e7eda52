using System.Diagnostics;
using Edge.Maintenance.Data;
using Edge.Maintenance.Features;
using Edge.Maintenance.Labels;
using Edge.Maintenance.Metrics;
using Edge.Maintenance.Models;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Edge.Maintenance.Training;

/// <summary>
/// Trains a remaining-useful-life regressor (ML.NET FastTree) on run-to-failure engines. Hyperparameters are chosen
/// by cross-validation grouped by engine on the training engines only; the chosen candidate is then fitted on all of them.
/// </summary>
public sealed class RulTrainer
{
    private readonly MLContext _context;
    private readonly TimeProvider _timeProvider;

    public RulTrainer(TimeProvider? timeProvider = null, int seed = 42)
    {
        _context = new MLContext(seed);
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public RulTrainingResult Train(
        IReadOnlyList<CmapssEngine> engines,
        string dataFile,
        string dataSha256,
        string outputPath,
        RulTrainingOptions? options = null,
        IProgress<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(engines);
        options ??= new RulTrainingOptions();
        if (options.Candidates.Count == 0)
        {
            throw new ArgumentException("At least one hyperparameter candidate is needed.", nameof(options));
        }

        var started = Stopwatch.GetTimestamp();
        var channels = options.Channels ?? VaryingChannels(engines);
        var schema = new FeatureSchema(channels, options.Features);
        var table = BuildTable(engines, schema, options.Cap);

        var folds = Folds.Grouped(engines.Select(engine => engine.Unit), options.Folds, options.Seed);
        var results = new List<CandidateResult>();
        var total = options.Candidates.Count * options.Folds;
        var outOfFold = new List<EnginePrediction>();
        CandidateResult? best = null;
        List<EnginePrediction>? bestOutOfFold = null;
        for (var c = 0; c < options.Candidates.Count; c++)
        {
            var candidate = options.Candidates[c];
            var predictions = new double[table.Labels.Length];
            for (var fold = 0; fold < options.Folds; fold++)
            {
                progress?.Report(new TrainingProgress("cross-validation", (c * options.Folds) + fold, total));
                var trainRows = Enumerable.Range(0, table.Labels.Length).Where(i => folds[table.Units[i]] != fold).ToArray();
                var heldOut = Enumerable.Range(0, table.Labels.Length).Where(i => folds[table.Units[i]] == fold).ToArray();
                var model = Fit(table, trainRows, candidate, schema.FeatureCount);
                var scored = Predict(model, table, heldOut, schema.FeatureCount);
                for (var i = 0; i < heldOut.Length; i++)
                {
                    predictions[heldOut[i]] = Math.Clamp(scored[i], 0, options.Cap);
                }
            }

            var rmse = RulMetrics.RootMeanSquaredError(predictions, [.. table.Labels.Select(label => (double)label)]);
            var cut = CutEngines(engines, predictions, options.Cap, options.Seed);
            var meanScore = RulMetrics.Phm08Score([.. cut.Select(p => p.Predicted)], [.. cut.Select(p => p.Actual)]) / cut.Count;
            var result = new CandidateResult(candidate, rmse, meanScore);
            results.Add(result);
            if (best is null || result.Rmse < best.Rmse)
            {
                best = result;
                bestOutOfFold = cut;
            }
        }

        progress?.Report(new TrainingProgress("final fit", 0, 1));
        var all = Enumerable.Range(0, table.Labels.Length).ToArray();
        var final = Fit(table, all, best!.Hyperparameters, schema.FeatureCount);
        var data = MlRows.Regression(_context, Rows(table, all), schema.FeatureCount);
        var contributions = _context.Transforms.CalculateFeatureContribution(final, numberOfPositiveContributions: 5, numberOfNegativeContributions: 5, normalize: false)
            .Fit(data);
        var chain = new TransformerChain<ITransformer>(final, contributions);

        var smoke = table.Features[table.Labels.Length / 2];
        var smokePrediction = Math.Clamp(Predict(final, table, [table.Labels.Length / 2], schema.FeatureCount)[0], 0, options.Cap);
        var now = _timeProvider.GetUtcNow();
        var manifest = new ModelManifest
        {
            SchemaVersion = ModelManifest.CurrentSchemaVersion,
            Kind = ModelKinds.RemainingLife,
            Version = $"cmapss-rul-{now:yyyyMMdd-HHmmss}-{dataSha256[..8]}",
            Dataset = "cmapss",
            Channels = channels,
            Features = options.Features,
            FeatureNames = schema.FeatureNames,
            Ranges = FeatureStatistics.Ranges(schema.FeatureNames, table.Features),
            Histograms = FeatureStatistics.Histograms(schema.FeatureNames, table.Features),
            RemainingLifeCap = options.Cap,
            Hyperparameters = best.Hyperparameters,
            DataFile = Path.GetFileName(dataFile),
            DataSha256 = dataSha256,
            ModelSha256 = string.Empty,
            TrainedAt = now,
            Metrics = new Dictionary<string, double>
            {
                ["cvRmseRows"] = best.Rmse,
                ["cvMeanScorePerEngine"] = best.MeanScorePerEngine,
                ["trainingEngines"] = engines.Count,
                ["trainingRows"] = table.Labels.Length,
            },
            SmokeFeatures = smoke,
            SmokePrediction = smokePrediction,
        };

        progress?.Report(new TrainingProgress("save", 0, 1));
        var saved = ModelBundle.Save(outputPath, manifest, chain, data.Schema, _context);
        progress?.Report(new TrainingProgress("save", 1, 1));
        return new RulTrainingResult(
            ModelBundle.Create(saved, chain, _context),
            results,
            bestOutOfFold!,
            Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// Channels that carry information in the training data: sensors whose values change anywhere, and operational
    /// settings only when they move between operating conditions (FD002/FD004), not when they merely jitter around one
    /// condition (FD001/FD003: values within +-0.01, noise a tree would fit).
    /// </summary>
    public static IReadOnlyList<string> VaryingChannels(IReadOnlyList<CmapssEngine> engines)
    {
        ArgumentNullException.ThrowIfNull(engines);
        var names = CmapssFile.ChannelNames;
        var first = engines[0].Rows[0];
        var varying = new List<string>();
        for (var c = 0; c < names.Count; c++)
        {
            var isSetting = c < CmapssFile.SettingCount;
            var changes = isSetting
                ? engines.Any(engine => engine.Rows.Any(row => Math.Abs(row[c] - first[c]) >= 0.1))
                : engines.Any(engine => engine.Rows.Any(row => row[c] != first[c]));
            if (changes)
            {
                varying.Add(names[c]);
            }
        }

        return varying;
    }

    /// <summary>Indexes of <paramref name="channels"/> among the C-MAPSS columns.</summary>
    public static int[] ChannelIndexes(IReadOnlyList<string> channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        return
        [
            .. channels.Select(channel =>
            {
                var index = CmapssFile.ChannelNames.ToList().IndexOf(channel);
                return index >= 0 ? index : throw new ArgumentException($"'{channel}' is not a C-MAPSS channel.", nameof(channels));
            }),
        ];
    }

    /// <summary>Walks each engine through <see cref="SequenceFeatureState"/> and returns the features at its last cycle.</summary>
    public static IReadOnlyList<float[]> LastCycleFeatures(IReadOnlyList<CmapssEngine> engines, FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentNullException.ThrowIfNull(schema);
        var indexes = ChannelIndexes(schema.Channels);
        var values = new double[indexes.Length];
        var result = new List<float[]>(engines.Count);
        foreach (var engine in engines)
        {
            var state = new SequenceFeatureState(schema);
            foreach (var row in engine.Rows)
            {
                Select(row, indexes, values);
                state.Push(values);
            }

            result.Add(state.Features());
        }

        return result;
    }

    private static FeatureTable BuildTable(IReadOnlyList<CmapssEngine> engines, FeatureSchema schema, double cap)
    {
        var indexes = ChannelIndexes(schema.Channels);
        var values = new double[indexes.Length];
        var features = new List<float[]>();
        var labels = new List<float>();
        var units = new List<int>();
        var cycles = new List<int>();
        foreach (var engine in engines)
        {
            var state = new SequenceFeatureState(schema);
            for (var i = 0; i < engine.Rows.Count; i++)
            {
                Select(engine.Rows[i], indexes, values);
                state.Push(values);
                features.Add(state.Features());
                labels.Add((float)RemainingLifeLabel.Capped(engine.Cycles[i], engine.LastCycle, cap));
                units.Add(engine.Unit);
                cycles.Add(engine.Cycles[i]);
            }
        }

        return new FeatureTable([.. features], [.. labels], [.. units], [.. cycles]);
    }

    private static void Select(double[] row, int[] indexes, double[] values)
    {
        for (var k = 0; k < indexes.Length; k++)
        {
            values[k] = row[indexes[k]];
        }
    }

    private static IEnumerable<RegressionRow> Rows(FeatureTable table, int[] indexes) =>
        indexes.Select(i => new RegressionRow { Label = table.Labels[i], Features = table.Features[i] });

    private RegressionPredictionTransformer<FastTreeRegressionModelParameters> Fit(
        FeatureTable table, int[] rows, TreeHyperparameters hyperparameters, int featureCount)
    {
        var data = MlRows.Regression(_context, Rows(table, rows), featureCount);
        var trainer = _context.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
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
        return trainer.Fit(data);
    }

    private float[] Predict(RegressionPredictionTransformer<FastTreeRegressionModelParameters> model, FeatureTable table, int[] rows, int featureCount)
    {
        var data = MlRows.Regression(_context, Rows(table, rows), featureCount);
        return [.. model.Transform(data).GetColumn<float>("Score")];
    }

    /// <summary>
    /// Cuts each engine at a seeded random cycle, as the test files do, and pairs the out-of-fold prediction there with
    /// the true remaining life, capped (a cut early in a long life is otherwise scored on an unobservable 300 cycles). Used for the PHM08 score of a candidate and the model card's plots.
    /// </summary>
    private static List<EnginePrediction> CutEngines(IReadOnlyList<CmapssEngine> engines, double[] predictions, double cap, int seed)
    {
        var random = new Random(seed);
        var result = new List<EnginePrediction>();
        var offset = 0;
        foreach (var engine in engines)
        {
            var length = engine.Rows.Count;
            var cut = random.Next(Math.Min(30, length) - 1, length);
            result.Add(new EnginePrediction(engine.Unit, predictions[offset + cut], Math.Min(cap, engine.LastCycle - engine.Cycles[cut])));
            offset += length;
        }

        return result;
    }

    private sealed record FeatureTable(float[][] Features, float[] Labels, int[] Units, int[] Cycles);
}
