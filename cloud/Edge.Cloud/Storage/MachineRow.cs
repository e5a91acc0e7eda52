namespace Edge.Cloud.Storage;

public sealed record MachineRow(string MachineId, string GatewayId, DateTimeOffset LastSummaryAt, IReadOnlyDictionary<string, double> LatestMeans);
