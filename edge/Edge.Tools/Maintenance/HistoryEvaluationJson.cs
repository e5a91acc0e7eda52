namespace Edge.Tools.Maintenance;

/// <summary>Last line of <c>model evaluate --dataset history --json</c>; figures that do not apply (no remaining-life head) are null.</summary>
internal sealed record HistoryEvaluationJson(
    string Dataset,
    int Machines,
    int Failures,
    double HorizonHours,
    double Precision,
    double Recall,
    double F1,
    double MedianLeadHours,
    double FalseAlertsPerMachineMonth,
    double AlertsPerMachineDay,
    double? Rmse,
    double? IntervalCoverage,
    double? Brier);
