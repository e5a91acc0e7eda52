namespace Edge.Beacons;

internal sealed record ZoneReport(
    string ZoneId,
    long VisitorsEstimate,
    long DistinctAddresses,
    long LinkedAddresses,
    int PresentNow,
    long ClosedVisits,
    double TotalDwellSeconds,
    double MeanDwellSeconds);
