using Edge.Maintenance.Data;
using Edge.Maintenance.Features;
using Edge.Maintenance.Metrics;
using Edge.Maintenance.Models;
using Edge.Maintenance.Training;

namespace Edge.Maintenance.Evaluation;

/// <summary>Scores a remaining-life model on a C-MAPSS test file and its RUL truth file.</summary>
public static class RulEvaluator
{
    public static RulEvaluation Evaluate(ModelBundle bundle, IReadOnlyList<CmapssEngine> testEngines, IReadOnlyList<double> truth)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(testEngines);
        ArgumentNullException.ThrowIfNull(truth);
        var manifest = bundle.Manifest;
        if (manifest.Kind != ModelKinds.RemainingLife || manifest.Features is null)
        {
            throw new ArgumentException($"Model {manifest.Version} is a {manifest.Kind} model, not a remaining-life model.", nameof(bundle));
        }

        if (testEngines.Count != truth.Count)
        {
            throw new ArgumentException($"The test file has {testEngines.Count} engines but the truth file {truth.Count} values.", nameof(truth));
        }

        var schema = new FeatureSchema(manifest.Channels, manifest.Features);
        var features = RulTrainer.LastCycleFeatures(testEngines, schema);
        var predicted = new double[testEngines.Count];
        var predictions = new List<EnginePrediction>(testEngines.Count);
        for (var i = 0; i < testEngines.Count; i++)
        {
            predicted[i] = bundle.Predict(features[i]).Value;
            predictions.Add(new EnginePrediction(testEngines[i].Unit, predicted[i], truth[i]));
        }

        var capped = truth.Select(value => Math.Min(value, manifest.RemainingLifeCap)).ToArray();
        return new RulEvaluation(
            testEngines.Count,
            RulMetrics.RootMeanSquaredError(predicted, truth),
            RulMetrics.Phm08Score(predicted, truth),
            RulMetrics.RootMeanSquaredError(predicted, capped),
            RulMetrics.Phm08Score(predicted, capped),
            predictions);
    }
}
