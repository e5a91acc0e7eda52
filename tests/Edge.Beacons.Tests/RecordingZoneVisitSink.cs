using Edge.Privacy;

namespace Edge.Beacons.Tests;

/// <summary>Keeps every <see cref="ZoneVisit"/> the beacon side hands over: what leaves the beacon capability.</summary>
internal sealed class RecordingZoneVisitSink : IZoneVisitSink
{
    private readonly Lock _gate = new();
    private readonly List<ZoneVisit> _visits = [];

    public IReadOnlyList<ZoneVisit> Visits
    {
        get
        {
            lock (_gate)
            {
                return [.. _visits];
            }
        }
    }

    public void Record(in ZoneVisit visit)
    {
        lock (_gate)
        {
            _visits.Add(visit);
        }
    }
}
