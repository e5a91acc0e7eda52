using Edge.Ingest.Telemetry;

namespace Edge.Ingest.Json;

/// <summary>Outcome of parsing one telemetry message: how many readings it yielded, or why it was refused.</summary>
public readonly record struct TelemetryParseResult(int Readings, RejectionReason? Rejection, string? Detail)
{
    public bool IsAccepted => Rejection is null;

    public static TelemetryParseResult Accepted(int readings) => new(readings, null, null);

    public static TelemetryParseResult Rejected(RejectionReason reason, string detail) => new(0, reason, detail);
}
