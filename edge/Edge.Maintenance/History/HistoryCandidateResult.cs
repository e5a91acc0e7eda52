using Edge.Maintenance.Models;

namespace Edge.Maintenance.History;

/// <summary>Out-of-fold figures of one hyperparameter candidate: Brier score of the calibrated probability, RMSE of remaining life (NaN without that head).</summary>
public sealed record HistoryCandidateResult(TreeHyperparameters Hyperparameters, double Brier, double RemainingLifeRmse);
