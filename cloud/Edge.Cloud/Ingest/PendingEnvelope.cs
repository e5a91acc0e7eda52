using Edge.Contracts;

namespace Edge.Cloud.Ingest;

/// <summary>An envelope waiting to be stored; <see cref="Stored"/> completes after its transaction commits.</summary>
internal sealed record PendingEnvelope(UplinkEnvelope Envelope, TaskCompletionSource Stored);
