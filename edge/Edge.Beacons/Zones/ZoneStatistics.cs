namespace Edge.Beacons.Zones;

/// <summary>
/// Aggregate counts of one zone since start-up (no device appears here). <see cref="VisitorsEstimate"/> counts visits
/// after address-rotation linking; <see cref="DistinctAddresses"/> is how many address pseudonyms were placed in the
/// zone, so the two together show how much the rotation heuristic merged.
/// </summary>
internal sealed record ZoneStatistics(
    string ZoneId,
    long VisitorsEstimate,
    long DistinctAddresses,
    long LinkedAddresses,
    int PresentNow,
    long ClosedVisits,
    TimeSpan TotalDwell)
{
    public TimeSpan MeanDwell => ClosedVisits == 0 ? TimeSpan.Zero : TotalDwell / ClosedVisits;
}
