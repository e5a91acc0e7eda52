namespace Edge.Cloud.Storage;

public sealed record GatewayRow(string GatewayId, DateTimeOffset LastSeen, long LastSequence, long Records);
