using System.Text.Json.Serialization;

namespace Edge.Contracts;

/// <summary>
/// Differentially private footfall for every (zone, window) cell of a store's day, zeros included.
/// Values are noisy counts and sums; no field can hold a device identifier. A report is built once and its bytes are
/// stored, so a resend after a retry or restart is byte-identical.
/// </summary>
public sealed record FootfallReport : UplinkMessage
{
    public required string StoreId { get; init; }

    public required DateOnly Day { get; init; }

    /// <summary>Which of the day's releases this is (0-based); the cloud stores one report per (gateway, store, day, release).</summary>
    public int ReleaseIndex { get; init; }

    /// <summary>How many releases the day's budget is split into.</summary>
    public int ReleaseCount { get; init; } = 1;

    public required IReadOnlyList<FootfallCell> Cells { get; init; }

    public required PrivacyParameters Privacy { get; init; }

    [JsonIgnore]
    public override PriorityClass Priority => PriorityClass.Footfall;

    [JsonIgnore]
    public override string Kind => MessageKinds.FootfallReport;
}
