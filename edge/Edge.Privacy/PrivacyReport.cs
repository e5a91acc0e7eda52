namespace Edge.Privacy;

/// <summary>
/// The transparency report (<c>privacy report</c>, <c>GET /api/privacy</c>): what leaves the gateway, field by field,
/// and the parameters and counters that bound it. Built from the running configuration, the ledger and the
/// contract serializer's own metadata, so it describes what is actually sent.
/// </summary>
public sealed record PrivacyReport
{
    public required string StoreId { get; init; }

    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>The store day the "today" figures refer to.</summary>
    public required DateOnly Day { get; init; }

    public required string UnitOfPrivacy { get; init; }

    public required bool CollectionEnabled { get; init; }

    public required TimeOnly OpeningTime { get; init; }

    public required TimeOnly ClosingTime { get; init; }

    public required string TimeZone { get; init; }

    public required double EpsilonPerDay { get; init; }

    public required double EpsilonSpentToday { get; init; }

    public required double EpsilonPerRelease { get; init; }

    public required int ReleasesPerDay { get; init; }

    public required long ReleasesRefusedToday { get; init; }

    /// <summary>K.</summary>
    public required int MaxCellsPerDevicePerDay { get; init; }

    /// <summary>k (0: no suppression).</summary>
    public required int SuppressBelow { get; init; }

    public required TimeSpan Window { get; init; }

    public required TimeSpan MaxDwell { get; init; }

    public required long CountNoise95 { get; init; }

    public required long DwellSecondsNoise95 { get; init; }

    public required TimeOnly KeyRotationLocalTime { get; init; }

    public required DateTimeOffset NextKeyRotation { get; init; }

    public required int OptOutBeaconUuidCount { get; init; }

    public required int DenyListCount { get; init; }

    public required IReadOnlyList<RetentionRule> Retention { get; init; }

    /// <summary>Today's counters: opted-out and deny-listed devices and sightings, drops, bounded contributions, refusals.</summary>
    public required IReadOnlyDictionary<string, long> Counters { get; init; }

    public required IReadOnlyList<OutboundTopic> OutboundTopics { get; init; }

    public required IReadOnlyList<ReleaseSummary> ReleasesToday { get; init; }
}
