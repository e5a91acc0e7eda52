namespace Edge.Privacy;

/// <summary>
/// The seam between the beacon side (decode, pseudonymize, zone) and footfall counting (bound, add noise, release).
/// Implemented by the privacy-preserving footfall accumulator.
/// </summary>
public interface IZoneVisitSink
{
    /// <summary>Records that a device was seen in a zone (open visit) or left it (closed visit).</summary>
    void Record(in ZoneVisit visit);
}
