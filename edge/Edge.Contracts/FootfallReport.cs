using System.Text.Json.Serialization;

namespace Edge.Contracts;

/// <summary>
/// Differentially private footfall for every (zone, window) cell of a store's day, zeros included.
/// Values are noisy counts and sums; no field can hold a device identifier.
/// </summary>
public sealed record FootfallReport : UplinkMessage
{
    public required string StoreId { get; init; }

    public required DateOnly Day { get; init; }

    public required IReadOnlyList<FootfallCell> Cells { get; init; }

    public required PrivacyParameters Privacy { get; init; }

    [JsonIgnore]
    public override PriorityClass Priority => PriorityClass.Footfall;

    [JsonIgnore]
    public override string Kind => MessageKinds.FootfallReport;
}
