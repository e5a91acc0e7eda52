namespace Edge.Maintenance.History;

/// <summary>One bin of a reliability plot: mean predicted probability, observed failure frequency, rows.</summary>
public readonly record struct ReliabilityBin(double Predicted, double Observed, int Count);
