namespace Edge.Contracts;

/// <summary>
/// Several committed outbox records in one publish, on <see cref="UplinkTopics.BatchFor"/>. Each record is a whole
/// <see cref="UplinkEnvelope"/> and is checked, stored and de-duplicated on its own (gateway, sequence); the batch only
/// saves the per-publish cost of MQTT. Its PUBACK means every record in it is stored.
/// </summary>
public sealed record UplinkBatch
{
    /// <summary>Most records the cloud accepts in one batch; a larger batch is refused as a whole.</summary>
    public const int MaxRecords = 1000;

    /// <summary>Largest batch payload the cloud accepts, in bytes; a larger batch is refused as a whole.</summary>
    public const int MaxBytes = 1024 * 1024;

    public required int SchemaVersion { get; init; }

    /// <summary>The sending gateway; every record must carry the same <see cref="UplinkEnvelope.GatewayId"/>.</summary>
    public required string GatewayId { get; init; }

    /// <summary>In the gateway's drain order (highest priority class first, oldest first within a class).</summary>
    public required IReadOnlyList<UplinkEnvelope> Records { get; init; }
}
