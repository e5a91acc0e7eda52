using Edge.Contracts;

namespace Edge.Cloud.Ingest;

/// <summary>What a batch held: the records to store, how many were refused, and the first refusal's reason (for the log).</summary>
public sealed record BatchContents(IReadOnlyList<UplinkEnvelope> Accepted, int Rejected, string? FirstRejection);
