using System.Diagnostics.Metrics;

namespace Edge.Gateway.Beacons;

/// <summary>
/// Every sighting that is dropped, merged or rejected is counted here, and exported as metrics
/// (meter <c>Edge.Beacons</c>) and through <c>GET /api/beacons</c>.
/// </summary>
internal sealed class BeaconCounters
{
    public const string MeterName = "Edge.Beacons";

    private long _messages;
    private long _malformedMessages;
    private long _undecodableFrames;
    private long _unknownScanner;
    private long _accepted;
    private long _filteredWeak;
    private long _filteredFar;
    private long _deduplicated;
    private long _throttleFull;
    private long _queueFull;
    private long _trackerFull;
    private long _storeBeaconSightings;
    private long _handled;
    private long _zoned;

    public BeaconCounters(IMeterFactory? meterFactory = null)
    {
        if (meterFactory is null)
        {
            return;
        }

        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableCounter("edge.beacons.messages", () => Messages, description: "Scanner messages handled.");
        meter.CreateObservableCounter("edge.beacons.accepted", () => Accepted, description: "Sightings queued for zone assignment.");
        meter.CreateObservableCounter("edge.beacons.dropped", () => new[]
        {
            new Measurement<long>(MalformedMessages, new KeyValuePair<string, object?>("reason", "malformed")),
            new Measurement<long>(UnknownScanner, new KeyValuePair<string, object?>("reason", "unknown-scanner")),
            new Measurement<long>(FilteredWeak, new KeyValuePair<string, object?>("reason", "weak")),
            new Measurement<long>(FilteredFar, new KeyValuePair<string, object?>("reason", "far")),
            new Measurement<long>(Deduplicated, new KeyValuePair<string, object?>("reason", "duplicate")),
            new Measurement<long>(ThrottleFull, new KeyValuePair<string, object?>("reason", "throttle-full")),
            new Measurement<long>(QueueFull, new KeyValuePair<string, object?>("reason", "queue-full")),
            new Measurement<long>(TrackerFull, new KeyValuePair<string, object?>("reason", "tracker-full")),
        }, description: "Sightings dropped before zone assignment, by reason.");
    }

    public long Messages => Interlocked.Read(ref _messages);

    public long MalformedMessages => Interlocked.Read(ref _malformedMessages);

    public long UndecodableFrames => Interlocked.Read(ref _undecodableFrames);

    public long UnknownScanner => Interlocked.Read(ref _unknownScanner);

    public long Accepted => Interlocked.Read(ref _accepted);

    public long FilteredWeak => Interlocked.Read(ref _filteredWeak);

    public long FilteredFar => Interlocked.Read(ref _filteredFar);

    public long Deduplicated => Interlocked.Read(ref _deduplicated);

    public long ThrottleFull => Interlocked.Read(ref _throttleFull);

    public long QueueFull => Interlocked.Read(ref _queueFull);

    public long TrackerFull => Interlocked.Read(ref _trackerFull);

    public long StoreBeaconSightings => Interlocked.Read(ref _storeBeaconSightings);

    /// <summary>Scanner sighting messages whose handling has finished (queued, set apart or dropped and counted).</summary>
    public long Handled => Interlocked.Read(ref _handled);

    /// <summary>Queued sightings the zone loop has taken in; equal to <see cref="Accepted"/> when the queue is empty.</summary>
    public long Zoned => Interlocked.Read(ref _zoned);

    public void CountMessage() => Interlocked.Increment(ref _messages);

    public void CountMalformed() => Interlocked.Increment(ref _malformedMessages);

    public void CountUndecodable() => Interlocked.Increment(ref _undecodableFrames);

    public void CountUnknownScanner() => Interlocked.Increment(ref _unknownScanner);

    public void CountAccepted() => Interlocked.Increment(ref _accepted);

    public void CountWeak() => Interlocked.Increment(ref _filteredWeak);

    public void CountFar() => Interlocked.Increment(ref _filteredFar);

    public void CountDuplicate() => Interlocked.Increment(ref _deduplicated);

    public void CountThrottleFull() => Interlocked.Increment(ref _throttleFull);

    public long CountQueueFull() => Interlocked.Increment(ref _queueFull);

    public void CountTrackerFull() => Interlocked.Increment(ref _trackerFull);

    public void CountStoreBeacon() => Interlocked.Increment(ref _storeBeaconSightings);

    public void CountHandled() => Interlocked.Increment(ref _handled);

    public void CountZoned(int count) => Interlocked.Add(ref _zoned, count);
}
