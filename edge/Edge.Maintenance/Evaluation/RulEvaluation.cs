using Edge.Maintenance.Training;

namespace Edge.Maintenance.Evaluation;

/// <summary>
/// Remaining-life predictions at the last cycle of each test engine against the truth file: RMSE and PHM08 score
/// against the truth as given, and against the truth capped like the training label.
/// </summary>
public sealed record RulEvaluation(
    int Engines,
    double Rmse,
    double Score,
    double RmseCappedTruth,
    double ScoreCappedTruth,
    IReadOnlyList<EnginePrediction> Predictions);
