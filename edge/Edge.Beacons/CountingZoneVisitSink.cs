using Edge.Privacy;

namespace Edge.Beacons;

/// <summary>
/// Used only when no footfall accumulator is registered (the privacy capability registers the real sink): counts the
/// visits it is given and keeps nothing else, so an unwired gateway stores no per-device state.
/// </summary>
internal sealed class CountingZoneVisitSink : IZoneVisitSink
{
    private long _opened;
    private long _closed;

    public long Opened => Interlocked.Read(ref _opened);

    public long Closed => Interlocked.Read(ref _closed);

    public void Record(in ZoneVisit visit)
    {
        if (visit.Left is null)
        {
            Interlocked.Increment(ref _opened);
        }
        else
        {
            Interlocked.Increment(ref _closed);
        }
    }
}
