using Edge.Contracts;
using Edge.Maintenance.Models;

namespace Edge.Maintenance.Serving;

/// <summary>
/// The latest score of one machine by one model (or by the anomaly fallback), kept between status requests. A
/// <see cref="MachinePrediction"/> with its top features is about 0.6 KB (a record per feature); a model's score is kept
/// here as the model's manifest (shared), the rounded value, and the top features as indices into the manifest's feature
/// names with single-precision value and contribution (the precision they were computed in), and rebuilt on request.
/// Immutable: the status API reads it from another thread.
/// </summary>
internal sealed class LatestPrediction
{
    private readonly ModelManifest? _manifest;
    private readonly TopFeature[] _top;
    private readonly IReadOnlyList<FeatureContribution> _fallbackTop;
    private readonly HistoryScore? _history;

    private LatestPrediction(
        string source, ModelManifest? manifest, double? value, double? maxPopulationStability, string? mostDriftedFeature,
        bool abnormal, DateTimeOffset windowEnd, TopFeature[] top, IReadOnlyList<FeatureContribution> fallbackTop, HistoryScore? history = null)
    {
        _history = history;
        Source = source;
        _manifest = manifest;
        Value = value;
        MaxPopulationStability = maxPopulationStability;
        MostDriftedFeature = mostDriftedFeature;
        Abnormal = abnormal;
        WindowEnd = windowEnd;
        _top = top;
        _fallbackTop = fallbackTop;
    }

    public string Source { get; }

    /// <summary>Predicted remaining life or failure probability, as reported (rounded); null for the fallback.</summary>
    public double? Value { get; }

    public double? MaxPopulationStability { get; }

    public string? MostDriftedFeature { get; }

    public bool Abnormal { get; }

    public DateTimeOffset WindowEnd { get; }

    public static LatestPrediction ForModel(
        string source, ModelManifest manifest, double value, double? maxPopulationStability, string? mostDriftedFeature,
        bool abnormal, DateTimeOffset windowEnd, TopFeature[] top) =>
        new(source, manifest, value, maxPopulationStability, mostDriftedFeature, abnormal, windowEnd, top, []);

    public static LatestPrediction ForFallback(bool abnormal, DateTimeOffset windowEnd, IReadOnlyList<FeatureContribution> top) =>
        new(MaintenanceObserver.FallbackSource, null, null, null, null, abnormal, windowEnd, [], top);

    /// <summary>A history model's score: failure probability, remaining life with its 90% interval, and its stage.</summary>
    public static LatestPrediction ForHistory(string source, HistoryScore score, bool abnormal, DateTimeOffset windowEnd) =>
        new(source, null, score.FailureProbability, null, null, abnormal, windowEnd, [], score.TopFeatures, score);

    public MachinePrediction ToPrediction(string machineId)
    {
        if (_history is { } history)
        {
            return new MachinePrediction
            {
                MachineId = machineId,
                Source = Source,
                ModelVersion = history.Version,
                Kind = "history",
                Stage = history.Stage,
                FailureProbability = history.FailureProbability,
                PredictedRemainingLife = history.RemainingLife,
                RemainingLifeLower = history.Lower,
                RemainingLifeUpper = history.Upper,
                RemainingLifeUnit = history.RemainingLife is null ? null : history.RemainingLifeUnit,
                Abnormal = Abnormal,
                WindowEnd = WindowEnd,
                TopFeatures = _fallbackTop,
            };
        }

        if (_manifest is not { } manifest)
        {
            return new MachinePrediction
            {
                MachineId = machineId,
                Source = Source,
                Kind = AlertKinds.Anomaly,
                Abnormal = Abnormal,
                WindowEnd = WindowEnd,
                TopFeatures = _fallbackTop,
            };
        }

        var remainingLife = manifest.Kind == ModelKinds.RemainingLife;
        return new MachinePrediction
        {
            MachineId = machineId,
            Source = Source,
            ModelVersion = manifest.Version,
            Kind = manifest.Kind,
            PredictedRemainingLife = remainingLife ? Value : null,
            RemainingLifeUnit = remainingLife ? manifest.RemainingLifeUnit : null,
            FailureProbability = remainingLife ? null : Value,
            MaxPopulationStability = MaxPopulationStability,
            MostDriftedFeature = MostDriftedFeature,
            Abnormal = Abnormal,
            WindowEnd = WindowEnd,
            TopFeatures = TopFeature.ToContributions(_top, manifest),
        };
    }
}
