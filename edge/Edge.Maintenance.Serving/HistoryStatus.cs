namespace Edge.Maintenance.Serving;

/// <summary>Per machine kind, the history models in service and how the shadow compares; checkpoint rows that could not be read.</summary>
public sealed record HistoryStatus(IReadOnlyList<KindModels> Kinds, long CorruptCheckpoints);
