using System.Text.Json.Serialization;

namespace Edge.Contracts;

/// <summary>
/// What travels on the uplink topic: one committed outbox record. The cloud de-duplicates on
/// (<see cref="GatewayId"/>, <see cref="Sequence"/>), so a record re-sent after a lost PUBACK is stored once.
/// </summary>
public sealed record UplinkEnvelope
{
    public required int SchemaVersion { get; init; }

    public required string GatewayId { get; init; }

    /// <summary>Per-gateway sequence, strictly increasing across restarts; assigned when the record is committed.</summary>
    public required long Sequence { get; init; }

    /// <summary>When the gateway committed the record, by its own clock.</summary>
    public required DateTimeOffset CommittedAt { get; init; }

    /// <summary>False when the gateway's clock had not been synchronized (a Pi without RTC may boot in 1970).</summary>
    public bool ClockSynchronized { get; init; } = true;

    public required UplinkMessage Message { get; init; }
}
