using System.Text.Json.Serialization;

namespace Edge.Contracts;

/// <summary>Statistics of one machine's sensors over one window.</summary>
public sealed record MachineSummary : UplinkMessage
{
    public required string MachineId { get; init; }

    public required DateTimeOffset WindowStart { get; init; }

    public required DateTimeOffset WindowEnd { get; init; }

    public required IReadOnlyList<SensorSummary> Sensors { get; init; }

    /// <summary>How many source windows were merged into this one when the outbox downsampled a backlog (1 = none).</summary>
    public int MergedWindows { get; init; } = 1;

    [JsonIgnore]
    public override PriorityClass Priority => PriorityClass.MachineSummary;

    [JsonIgnore]
    public override string Kind => MessageKinds.MachineSummary;
}
