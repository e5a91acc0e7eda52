namespace Edge.Cloud.Storage;

/// <summary>A gateway as the cloud last heard of it: ledger position plus its latest health report.</summary>
public sealed record GatewayRow(string GatewayId, DateTimeOffset LastSeen, long LastSequence, long Records)
{
    public string? Version { get; init; }

    public long? OutboxBacklog { get; init; }

    public double? HoursOfAutonomyLeft { get; init; }

    public DateTimeOffset? HealthAt { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];
}
