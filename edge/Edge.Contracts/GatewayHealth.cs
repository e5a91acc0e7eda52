using System.Text.Json.Serialization;

namespace Edge.Contracts;

/// <summary>Periodic health of a gateway: backlog, autonomy, versions, warnings.</summary>
public sealed record GatewayHealth : UplinkMessage
{
    public required string Version { get; init; }

    public required TimeSpan Uptime { get; init; }

    public long OutboxBacklog { get; init; }

    public long OutboxBytes { get; init; }

    public double? HoursOfAutonomyLeft { get; init; }

    public long RejectedMessages { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    [JsonIgnore]
    public override PriorityClass Priority => PriorityClass.Health;

    [JsonIgnore]
    public override string Kind => MessageKinds.GatewayHealth;
}
