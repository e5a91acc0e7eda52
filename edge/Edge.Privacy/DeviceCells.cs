namespace Edge.Privacy;

/// <summary>A pseudonym's latest stay in the open window (-1: none) and cells used today (-1: none counted yet).</summary>
internal readonly record struct DeviceCells(int Latest, int CellsUsed);
