namespace Edge.Ingest.Telemetry;

/// <summary>The readings <c>[Start, Start + Count)</c> of a parse came from one sample carrying the device sequence <see cref="Sequence"/>.</summary>
public readonly record struct SampleSequence(int Start, int Count, long Sequence);
