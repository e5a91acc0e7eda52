using Edge.Beacons;
using Edge.Beacons.Configuration;
using Edge.Beacons.Diagnostics;
using Edge.Beacons.Inputs;
using Edge.Beacons.Zones;
using Edge.Privacy;
using Edge.Simulator.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Beacons.Tests;

/// <summary>The beacon capability assembled by hand around a fake clock, with step methods to drive it.</summary>
internal sealed class BeaconRig : IDisposable
{
    public BeaconRig(FootfallOptions options, ILoggerFactory? loggers = null, DateTimeOffset? start = null)
    {
        Options = options;
        Time = new FakeTimeProvider(start ?? new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        loggers ??= NullLoggerFactory.Instance;
        var zones = new ZoneMap(options);
        Counters = new BeaconCounters();
        Scanners = new ScannerRegistry(zones, options);
        StoreBeacons = new StoreBeaconRegistry(options);
        Tracker = new ZoneTracker(options, zones, Sink, Counters);
        Pipeline = new BeaconPipeline(options, Tracker, Counters, loggers.CreateLogger<BeaconPipeline>());
        Gate = new SightingGate(options, Pseudonymizer, Scanners, StoreBeacons, Pipeline);
        Ingest = new BeaconIngest(Gate, Time, loggers.CreateLogger<BeaconIngest>());
        Status = new BeaconsStatusBuilder(Tracker, Scanners, StoreBeacons, Counters, Time);
    }

    public FootfallOptions Options { get; }

    public FakeTimeProvider Time { get; }

    public Pseudonymizer Pseudonymizer { get; } = new();

    public RecordingZoneVisitSink Sink { get; } = new();

    public BeaconCounters Counters { get; }

    public ScannerRegistry Scanners { get; }

    public StoreBeaconRegistry StoreBeacons { get; }

    public ZoneTracker Tracker { get; }

    public BeaconPipeline Pipeline { get; }

    public SightingGate Gate { get; }

    public BeaconIngest Ingest { get; }

    public BeaconsStatusBuilder Status { get; }

    /// <summary>Footfall options for the simulated store's floor plan and beacons.</summary>
    public static FootfallOptions StoreOptions(StoreFloorPlan plan)
    {
        var options = new FootfallOptions();
        foreach (var scanner in plan.Scanners)
        {
            options.Scanners[scanner.Id] = scanner.ZoneId;
        }

        foreach (var beacon in plan.Beacons)
        {
            options.StoreBeacons.Add(beacon.IsEddystone
                ? new StoreBeaconOptions { Name = beacon.Name, Namespace = Convert.ToHexString(beacon.Namespace!), Instance = Convert.ToHexString(beacon.Instance!) }
                : new StoreBeaconOptions { Name = beacon.Name, Uuid = beacon.Uuid!.Value.ToString(), Major = beacon.Major, Minor = beacon.Minor });
        }

        return options;
    }

    /// <summary>Feeds simulated messages in virtual time, processing and sweeping once per simulated second.</summary>
    public void Replay(IEnumerable<SimulatedMessage> messages)
    {
        foreach (var message in messages)
        {
            AdvanceTo(message.Timestamp);
            Ingest.TryHandle(message.Topic, message.Payload);
        }
    }

    public void AdvanceTo(DateTimeOffset target)
    {
        while (Time.GetUtcNow() + TimeSpan.FromSeconds(1) <= target)
        {
            Pipeline.ProcessPending();
            Time.Advance(TimeSpan.FromSeconds(1));
            Tracker.Sweep(Time.GetUtcNow());
        }

        if (Time.GetUtcNow() < target)
        {
            Time.SetUtcNow(target);
        }
    }

    /// <summary>Lets every open visit time out.</summary>
    public void Drain() => AdvanceTo(Time.GetUtcNow() + Options.VisitTimeout + TimeSpan.FromSeconds(5));

    public void Dispose() => Pseudonymizer.Dispose();
}
