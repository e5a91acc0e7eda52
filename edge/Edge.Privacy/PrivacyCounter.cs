namespace Edge.Privacy;

/// <summary>What privacy counts for transparency. Numbers only; none of them is tied to a device.</summary>
public enum PrivacyCounter
{
    /// <summary>Sightings dropped because the device advertised an opt-out beacon UUID.</summary>
    OptedOutSightings,

    /// <summary>Estimated distinct opted-out devices today (a 4096-bit linear-counting sketch under a throwaway key).</summary>
    OptedOutDevices,

    /// <summary>Sightings dropped because the address is on the deny-list.</summary>
    DenyListedSightings,

    /// <summary>Estimated distinct deny-listed devices today.</summary>
    DenyListedDevices,

    /// <summary>Sightings dropped outside opening hours or while the store's "no collection" switch is on.</summary>
    NotCollectingSightings,

    /// <summary>Visits to a zone that is not configured (it would be a non-public partition), dropped.</summary>
    UnknownZoneVisits,

    /// <summary>Visits under an older key arriving after rotation, dropped.</summary>
    StaleKeyVisits,

    /// <summary>Visits of new pseudonyms dropped because the in-memory bounds were reached (a flood of addresses).</summary>
    OverCapacityVisits,

    /// <summary>(pseudonym, cell) contributions cut by the per-day limit K.</summary>
    ContributionsBounded,

    /// <summary>Windows published as partial (restart, key rotation or downtime inside the window).</summary>
    PartialWindows,

    /// <summary>Releases refused because they would exceed the day's epsilon.</summary>
    ReleasesRefused,

    /// <summary>Outbound messages the egress guard rejected.</summary>
    EgressRejected,
}
