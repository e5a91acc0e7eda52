namespace Edge.Beacons.Zones;

/// <summary>Running counts of one zone since start-up, kept by <see cref="ZoneVisitLedger"/>.</summary>
internal sealed class ZoneTally
{
    public long Visits { get; set; }

    public long DistinctAddresses { get; set; }

    public long LinkedAddresses { get; set; }

    public long ClosedVisits { get; set; }

    public long DwellTicks { get; set; }
}
