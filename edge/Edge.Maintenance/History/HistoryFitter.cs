using Edge.Maintenance.Models;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Edge.Maintenance.History;

/// <summary>ML.NET FastTree fits and scores for both heads (FastTree trains on linux-arm64; LightGBM has no arm64 library).</summary>
internal sealed class HistoryFitter(MLContext context, int featureCount)
{
    public BinaryPredictionTransformer<CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator>> FitClassifier(float[][] features, sbyte[] labels, IReadOnlyList<int> rows, TreeHyperparameters hyperparameters)
    {
        var data = context.Data.LoadFromEnumerable(
            rows.Select(i => new BinaryRow { Label = labels[i] == 1, Features = features[i] }), MlRows.Schema<BinaryRow>(featureCount));
        return context.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            NumberOfTrees = hyperparameters.Trees,
            NumberOfLeaves = hyperparameters.Leaves,
            LearningRate = hyperparameters.LearningRate,
            MinimumExampleCountPerLeaf = hyperparameters.MinimumExamplesPerLeaf,
            FeatureFraction = hyperparameters.FeatureFraction,
            MaximumBinCountPerFeature = hyperparameters.MaximumBinsPerFeature,
            Seed = 1,
            FeatureSelectionSeed = 1,
        }).Fit(data);
    }

    public ITransformer FitRegressor(float[][] features, float[] labels, IReadOnlyList<int> rows, TreeHyperparameters hyperparameters)
    {
        var data = context.Data.LoadFromEnumerable(
            rows.Select(i => new RegressionRow { Label = labels[i], Features = features[i] }), MlRows.Schema<RegressionRow>(featureCount));
        return context.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
        {
            NumberOfTrees = hyperparameters.Trees,
            NumberOfLeaves = hyperparameters.Leaves,
            LearningRate = hyperparameters.LearningRate,
            MinimumExampleCountPerLeaf = hyperparameters.MinimumExamplesPerLeaf,
            FeatureFraction = hyperparameters.FeatureFraction,
            MaximumBinCountPerFeature = hyperparameters.MaximumBinsPerFeature,
            Seed = 1,
            FeatureSelectionSeed = 1,
        }).Fit(data);
    }

    /// <summary>Raw scores (classifier margin, or regressor output) of <paramref name="rows"/>.</summary>
    public float[] Score(ITransformer model, float[][] features, IReadOnlyList<int> rows)
    {
        var data = context.Data.LoadFromEnumerable(rows.Select(i => new RegressionRow { Features = features[i] }), MlRows.Schema<RegressionRow>(featureCount));
        return [.. model.Transform(data).GetColumn<float>("Score")];
    }

    /// <summary>The classifier followed by its feature-contribution stage, serialized; and the regressor serialized.</summary>
    public (ITransformer Chain, byte[] Bytes) WithContributions(
        BinaryPredictionTransformer<CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator>> classifier, float[][] features, IReadOnlyList<int> rows)
    {
        var data = context.Data.LoadFromEnumerable(
            rows.Select(i => new BinaryRow { Features = features[i] }), MlRows.Schema<BinaryRow>(featureCount));
        var contributions = context.Transforms.CalculateFeatureContribution(classifier, numberOfPositiveContributions: 5, numberOfNegativeContributions: 5, normalize: false).Fit(data);
        var chain = new TransformerChain<ITransformer>(classifier, contributions);
        return (chain, HistoryModelFile.Serialize(context, chain, data.Schema));
    }

    public byte[] Serialize(ITransformer regressor) =>
        HistoryModelFile.Serialize(context, regressor, context.Data.LoadFromEnumerable(Array.Empty<RegressionRow>(), MlRows.Schema<RegressionRow>(featureCount)).Schema);
}
