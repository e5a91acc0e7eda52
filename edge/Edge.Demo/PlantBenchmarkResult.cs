namespace Edge.Demo;

/// <summary>Held-out alert quality (event level, <c>AlertQuality</c>) and interval coverage of a model trained on another plant.</summary>
public sealed record PlantBenchmarkResult(
    PlantBenchmarkOptions Options,
    int TrainingFailures,
    int Machines,
    int Failures,
    int Caught,
    double Recall,
    double Precision,
    double FalseAlertsPerMachineMonth,
    double MedianLeadHours,
    double AlertsPerMachineDay,
    double IntervalCoverage,
    double OutOfFoldRecall,
    double OutOfFoldFalseAlertsPerMachineMonth,
    double GenerateSeconds,
    double TrainSeconds,
    string ModelVersion);
