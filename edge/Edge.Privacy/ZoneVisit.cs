namespace Edge.Privacy;

/// <summary>
/// A device's stay in one zone, as the beacon side hands it to footfall counting: a pseudonym, never an address.
/// <see cref="Left"/> is null while the visit is still open.
/// </summary>
public readonly record struct ZoneVisit(Pseudonym Device, string ZoneId, DateTimeOffset Entered, DateTimeOffset? Left);
