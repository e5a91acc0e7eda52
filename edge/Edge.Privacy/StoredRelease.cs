namespace Edge.Privacy;

/// <summary>A release as recorded in the ledger: the exact bytes of the report, so a resend is byte-identical.</summary>
internal sealed record StoredRelease(DateOnly Day, int ReleaseIndex, long EpsilonMicros, DateTimeOffset ReleasedAt, long? OutboxSequence, byte[] Payload);
