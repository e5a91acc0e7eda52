namespace Edge.Cloud.Api;

/// <summary>The beacon gateway of a store: is it reporting, how far behind, how long it can hold out offline.</summary>
public sealed record StoreBeaconHealth(
    string StoreId, string GatewayId, DateTimeOffset? LastSeen, DateTimeOffset LastFootfallAt, string? Version, long? OutboxBacklog,
    double? HoursOfAutonomyLeft, IReadOnlyList<string> Warnings);
