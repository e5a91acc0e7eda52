namespace Edge.Privacy;

/// <summary>What <see cref="CollectionPolicy"/> decided about one sighting, before anything is pseudonymized.</summary>
public enum CollectionDecision
{
    /// <summary>May be pseudonymized and counted.</summary>
    Collect,

    /// <summary>The device advertises an opt-out beacon UUID: dropped, counted as a number only.</summary>
    OptedOut,

    /// <summary>The address is on the deny-list: dropped, counted as a number only.</summary>
    DenyListed,

    /// <summary>Outside opening hours, or the store's "no collection" switch is on: dropped.</summary>
    NotCollecting,
}
