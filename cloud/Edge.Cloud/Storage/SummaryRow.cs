using Edge.Contracts;

namespace Edge.Cloud.Storage;

public sealed record SummaryRow(string GatewayId, long Sequence, string MachineId, DateTimeOffset WindowStart, DateTimeOffset WindowEnd, IReadOnlyList<SensorSummary> Sensors);
