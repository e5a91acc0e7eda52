using System.Threading.Channels;
using Edge.Beacons.Configuration;
using Edge.Beacons.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Edge.Beacons.Zones;

/// <summary>
/// The bounded queue between ingest (broker threads) and zone assignment (one loop). When it is full the new sighting
/// is dropped and counted: a chatty scanner costs its own sightings, never memory.
/// </summary>
internal sealed class BeaconPipeline
{
    private readonly Channel<Sighting> _queue;
    private readonly ILogger _logger;

    public BeaconPipeline(FootfallOptions options, ZoneTracker tracker, BeaconCounters counters, ILogger<BeaconPipeline> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _queue = Channel.CreateBounded<Sighting>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        Tracker = tracker;
        Counters = counters;
        _logger = logger;
    }

    public ZoneTracker Tracker { get; }

    public BeaconCounters Counters { get; }

    public ChannelReader<Sighting> Reader => _queue.Reader;

    public bool TryEnqueue(in Sighting sighting)
    {
        if (_queue.Writer.TryWrite(sighting))
        {
            Counters.CountAccepted();
            return true;
        }

        var dropped = Counters.CountQueueFull();
        if (dropped == 1 || dropped % 10_000 == 0)
        {
            BeaconLog.QueueFull(_logger, dropped);
        }

        return false;
    }

    /// <summary>Feeds every queued sighting to the tracker; returns how many.</summary>
    public int ProcessPending()
    {
        var count = 0;
        while (_queue.Reader.TryRead(out var sighting))
        {
            Tracker.Observe(sighting);
            count++;
        }

        Counters.CountZoned(count);
        return count;
    }
}
