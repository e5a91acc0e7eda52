using Edge.Maintenance.Models;

namespace Edge.Maintenance.Training;

/// <summary>Cross-validated error of one hyperparameter candidate on the training engines (rows, capped labels).</summary>
public sealed record CandidateResult(TreeHyperparameters Hyperparameters, double Rmse, double MeanScorePerEngine);

/// <summary>Out-of-fold prediction for one training engine cut at a random cycle, as a test engine would be.</summary>
public sealed record EnginePrediction(int Unit, double Predicted, double Actual);

/// <summary>The trained model and how it was chosen.</summary>
public sealed record RulTrainingResult(
    ModelBundle Bundle,
    IReadOnlyList<CandidateResult> Candidates,
    IReadOnlyList<EnginePrediction> OutOfFold,
    TimeSpan Elapsed);
