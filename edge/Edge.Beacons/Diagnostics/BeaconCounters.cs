using System.Diagnostics.Metrics;

namespace Edge.Beacons.Diagnostics;

/// <summary>
/// Every sighting that is dropped, merged or rejected is counted here, and exported as metrics
/// (meter <c>Edge.Beacons</c>) and through <c>GET /api/beacons</c>.
/// </summary>
internal sealed class BeaconCounters
{
    public const string MeterName = "Edge.Beacons";

    // Every ingest thread counts every message: one shared set of counters would bounce its cache line between the
    // cores on each increment. So each processor counts in its own stripe, 128 bytes apart (two cache lines, which also
    // keeps the adjacent-line prefetcher from pairing stripes), and a read adds the stripes up.
    private const int Stride = 16;
    private readonly long[] _stripes;
    private readonly int _stripeMask;

    public BeaconCounters(IMeterFactory? meterFactory = null)
    {
        var stripes = (int)Math.Min(16, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, Environment.ProcessorCount)));
        _stripeMask = stripes - 1;
        _stripes = new long[stripes * Stride];
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

    public long Messages => Read(Slot.Messages);

    public long MalformedMessages => Read(Slot.MalformedMessages);

    public long UndecodableFrames => Read(Slot.UndecodableFrames);

    public long UnknownScanner => Read(Slot.UnknownScanner);

    public long Accepted => Read(Slot.Accepted);

    public long FilteredWeak => Read(Slot.FilteredWeak);

    public long FilteredFar => Read(Slot.FilteredFar);

    public long Deduplicated => Read(Slot.Deduplicated);

    public long ThrottleFull => Read(Slot.ThrottleFull);

    public long QueueFull => Read(Slot.QueueFull);

    public long TrackerFull => Read(Slot.TrackerFull);

    public long StoreBeaconSightings => Read(Slot.StoreBeaconSightings);

    /// <summary>Scanner sighting messages whose handling has finished (queued, set apart or dropped and counted).</summary>
    public long Handled => Read(Slot.Handled);

    /// <summary>Queued sightings the zone loop has taken in; equal to <see cref="Accepted"/> when the queue is empty.</summary>
    public long Zoned => Read(Slot.Zoned);

    public void CountMessage() => Increment(Slot.Messages);

    public void CountMalformed() => Increment(Slot.MalformedMessages);

    public void CountUndecodable() => Increment(Slot.UndecodableFrames);

    public void CountUnknownScanner() => Increment(Slot.UnknownScanner);

    public void CountAccepted() => Increment(Slot.Accepted);

    public void CountWeak() => Increment(Slot.FilteredWeak);

    public void CountFar() => Increment(Slot.FilteredFar);

    public void CountDuplicate() => Increment(Slot.Deduplicated);

    public void CountThrottleFull() => Increment(Slot.ThrottleFull);

    public long CountQueueFull()
    {
        Increment(Slot.QueueFull);
        return QueueFull;
    }

    public void CountTrackerFull() => Increment(Slot.TrackerFull);

    public void CountStoreBeacon() => Increment(Slot.StoreBeaconSightings);

    public void CountHandled() => Increment(Slot.Handled);

    public void CountZoned(int count) =>
        Interlocked.Add(ref _stripes[((Thread.GetCurrentProcessorId() & _stripeMask) * Stride) + (int)Slot.Zoned], count);

    private void Increment(Slot counter) =>
        Interlocked.Increment(ref _stripes[((Thread.GetCurrentProcessorId() & _stripeMask) * Stride) + (int)counter]);

    private long Read(Slot counter)
    {
        long total = 0;
        for (var i = (int)counter; i < _stripes.Length; i += Stride)
        {
            total += Interlocked.Read(ref _stripes[i]);
        }

        return total;
    }

    private enum Slot
    {
        Messages,
        MalformedMessages,
        UndecodableFrames,
        UnknownScanner,
        Accepted,
        FilteredWeak,
        FilteredFar,
        Deduplicated,
        ThrottleFull,
        QueueFull,
        TrackerFull,
        StoreBeaconSightings,
        Handled,
        Zoned,
    }
}
