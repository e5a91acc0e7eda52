using System.IO.Compression;
using System.Text.Json;
using Edge.Maintenance.Models;
using Microsoft.ML;

namespace Edge.Maintenance.History;

/// <summary>
/// A model trained on a plant's own history (<see cref="HistoryTrainer"/>): a zip with <c>manifest.json</c>
/// (<c>kind</c> = <c>"history"</c>), <c>classifier.zip</c> (failure within the horizon) and, when the history had
/// run-to-failure data, <c>regressor.zip</c> (remaining life in hours). Loading checks the schema version, the SHA-256
/// of both ML.NET entries and replays the smoke prediction; any failure is an <see cref="InvalidDataException"/>.
/// </summary>
public sealed class HistoryModel
{
    public const string ManifestEntry = "manifest.json";
    public const string ClassifierEntry = "classifier.zip";
    public const string RegressorEntry = "regressor.zip";

    private readonly PredictionEngine<BinaryRow, HistoryScoreOutput> _classifier;
    private readonly PredictionEngine<RegressionRow, HistoryRemainingLifeOutput>? _regressor;
    private readonly Lock _gate = new();
    private readonly int _featureCount;

    internal HistoryModel(HistoryManifest manifest, ITransformer classifier, ITransformer? regressor, MLContext context)
    {
        Manifest = manifest;
        _featureCount = manifest.FeatureNames.Count;
        _classifier = context.Model.CreatePredictionEngine<BinaryRow, HistoryScoreOutput>(classifier, inputSchemaDefinition: MlRows.Schema<BinaryRow>(_featureCount));
        if (regressor is not null)
        {
            _regressor = context.Model.CreatePredictionEngine<RegressionRow, HistoryRemainingLifeOutput>(regressor, inputSchemaDefinition: MlRows.Schema<RegressionRow>(_featureCount));
        }
    }

    public HistoryManifest Manifest { get; }

    public string Version => Manifest.Version;

    public IReadOnlyList<string> Sensors => Manifest.Spec.Sensors;

    public TimeSpan Step => Manifest.Spec.Step;

    public TimeSpan Horizon => TimeSpan.FromHours(Manifest.HorizonHours);

    public string RemainingLifeUnit => Manifest.RemainingLifeUnit;

    public double DecisionThreshold => Manifest.DecisionThreshold;

    public bool HasRemainingLife => _regressor is not null;

    internal HistoryFeatureSpec Spec => Manifest.Spec;

    public HistoryMachineState CreateState(MachineAttributes? attributes = null) => new(Manifest.Spec, attributes);

    /// <summary>The sensors this model needs that <paramref name="availableSensors"/> lacks; empty when the gateway can serve it.</summary>
    public IReadOnlyList<string> MissingFeatures(IReadOnlyCollection<string> availableSensors)
    {
        ArgumentNullException.ThrowIfNull(availableSensors);
        var available = availableSensors.ToHashSet(StringComparer.Ordinal);
        return [.. Sensors.Where(sensor => !available.Contains(sensor))];
    }

    /// <summary>Scores the machine's latest step (the open one closed provisionally). Thread-safe (calls into ML.NET are serialized).</summary>
    public HistoryPrediction Predict(HistoryMachineState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!ReferenceEquals(state.Spec, Manifest.Spec) && state.Spec != Manifest.Spec)
        {
            throw new ArgumentException("The state was created by another model.", nameof(state));
        }

        // Readings of the open step count at once (a provisional close on a copy): a gateway that pushes a window and
        // predicts sees that window, as the trainer's row for the same step did.
        return Predict((state.HasOpenStep ? state.Provisional() : state).Features());
    }

    /// <summary>Scores a feature vector (length and order of <see cref="HistoryManifest.FeatureNames"/>).</summary>
    public HistoryPrediction Predict(float[] features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Length != _featureCount)
        {
            throw new ArgumentException($"Model {Version} expects {_featureCount} features, got {features.Length}.", nameof(features));
        }

        HistoryScoreOutput score;
        float? remaining = null;
        lock (_gate)
        {
            score = _classifier.Predict(new BinaryRow { Features = features });
            if (_regressor is not null)
            {
                remaining = _regressor.Predict(new RegressionRow { Features = features }).Score;
            }
        }

        var probability = Calibrate(score.Score);
        var top = TopFeatures(features, score.FeatureContributions);
        if (remaining is not { } raw)
        {
            return new HistoryPrediction(probability, null, null, null, top) { Alert = probability >= DecisionThreshold };
        }

        var life = Math.Clamp(raw, 0, Manifest.RemainingLifeCap);
        var (lower, upper) = Interval(life);
        return new HistoryPrediction(probability, life, lower, upper, top) { Alert = probability >= DecisionThreshold };
    }

    /// <summary>Platt scaling of a raw classifier score.</summary>
    public double Calibrate(double score) => 1 / (1 + Math.Exp((Manifest.PlattA * score) + Manifest.PlattB));

    public (double Lower, double Upper) Interval(double remainingLife)
    {
        var edges = Manifest.IntervalBandEdges;
        if (Manifest.IntervalLowerOffsets.Count == 0)
        {
            return (remainingLife, remainingLife);
        }

        var band = 0;
        while (band < edges.Count && remainingLife >= edges[band])
        {
            band++;
        }

        return (Math.Max(0, remainingLife + Manifest.IntervalLowerOffsets[band]), Math.Max(0, remainingLife + Manifest.IntervalUpperOffsets[band]));
    }

    /// <summary>Whether <paramref name="path"/> is a model file whose manifest says <c>kind</c> = <c>"history"</c> (false for anything unreadable).</summary>
    public static bool IsHistoryModel(string path)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            if (zip.GetEntry(ManifestEntry) is not { } entry)
            {
                return false;
            }

            using var stream = entry.Open();
            using var document = JsonDocument.Parse(stream);
            return document.RootElement.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String && kind.GetString() == HistoryManifest.HistoryKind;
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or JsonException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }

    public static HistoryModel Load(string path) => HistoryModelFile.Load(path);

    private List<HistoryFeatureContribution> TopFeatures(float[] features, float[] contributions)
    {
        var result = new List<HistoryFeatureContribution>(5);
        if (contributions.Length != features.Length)
        {
            return result;
        }

        foreach (var index in Enumerable.Range(0, contributions.Length).OrderByDescending(i => Math.Abs(contributions[i])).Take(5))
        {
            if (contributions[index] == 0)
            {
                break;
            }

            var range = Manifest.Ranges[index];
            result.Add(new HistoryFeatureContribution(Manifest.FeatureNames[index], features[index], range.Min, range.Max, contributions[index]));
        }

        return result;
    }
}
