namespace Edge.Cloud.Storage;

/// <summary>One released (zone, window) cell of a store: noisy counts, or suppressed below the k-threshold.</summary>
public sealed record FootfallCellRow(
    string GatewayId, string StoreId, DateOnly Day, string ZoneId, DateTimeOffset WindowStart, DateTimeOffset WindowEnd,
    long? Visitors, long? DwellSecondsSum, bool Suppressed, bool Partial);
