namespace Edge.Privacy;

/// <summary>Exact bounded totals of one (zone, window) cell before noise.</summary>
internal readonly record struct ZoneTally(string ZoneId, long Visitors, long DwellSeconds);
