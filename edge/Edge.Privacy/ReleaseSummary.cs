namespace Edge.Privacy;

/// <summary>One footfall release of the day as recorded in the ledger.</summary>
public sealed record ReleaseSummary(int ReleaseIndex, double Epsilon, DateTimeOffset ReleasedAt, bool InOutbox, int Cells);
