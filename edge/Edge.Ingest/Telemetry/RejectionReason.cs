namespace Edge.Ingest.Telemetry;

/// <summary>Why an inbound message was refused. Every refusal is counted under one of these.</summary>
public enum RejectionReason
{
    Malformed,
    Schema,
    UnknownMachine,
    OutOfRange,
    TooLarge,
    Unauthorized,
    RateLimited,
    Duplicate,
    Overflow,
}
