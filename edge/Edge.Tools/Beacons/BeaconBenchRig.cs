using System.Text;
using Edge.Beacons;
using Edge.Beacons.Configuration;
using Edge.Beacons.Diagnostics;
using Edge.Beacons.Inputs;
using Edge.Beacons.Zones;
using Edge.Privacy;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Edge.Tools.Beacons;

/// <summary>
/// The footfall path composed as the gateway composes it when the privacy capability is registered: ingest (topic
/// routing, JSON), the collection policy (opt-out, deny-list, opening hours) before pseudonymizing, the HMAC
/// pseudonymizer, store beacons set apart, filters, de-duplication, the bounded queue, zone assignment and the
/// footfall accumulator that bounds and counts visits. Simulated time (a store day at 09:00 UTC, inside opening hours);
/// synthetic OpenMQTTGateway and ESPresense messages of phones (random addresses, Apple nearby-info advertisements).
/// </summary>
internal sealed class BeaconBenchRig : IDisposable
{
    public const int ZoneCount = 6;

    /// <param name="devices">Phones in the store at once (sizes the bounded tables as a store of this size would).</param>
    /// <param name="counting">False to end the path at zone assignment (a counting sink instead of the accumulator), to
    /// tell the accumulator's memory apart from the rest.</param>
    /// <param name="zoneLoopPause">The zone loop's rest after each batch (<see cref="FootfallOptions.ZoneLoopPause"/>); null: its default.</param>
    public BeaconBenchRig(int devices, bool counting = true, TimeSpan? zoneLoopPause = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(devices, 1);
        var options = new FootfallOptions
        {
            MaximumTrackedDevices = Math.Max(devices * 2, 1000),
            QueueCapacity = Math.Max(devices * 4, 10_000),
        };
        options.ZoneLoopPause = zoneLoopPause ?? options.ZoneLoopPause;
        Footfall = options;
        var privacy = new PrivacyOptions { TimeZone = "UTC" };
        for (var z = 0; z < ZoneCount; z++)
        {
            options.Scanners[$"omg-{z}"] = $"zone-{z}";
            options.Scanners[$"room-{z}"] = $"zone-{z}";
            privacy.Zones.Add($"zone-{z}");
        }

        // The store's own beacons, as a configured store has them: every sighting is checked against them.
        options.StoreBeacons.Add(new StoreBeaconOptions { Name = "door", Uuid = "f7826da6-4fa2-4e98-8024-bc5b71e0893e", Major = 10, Minor = 1 });
        options.StoreBeacons.Add(new StoreBeaconOptions { Name = "oven", Namespace = "EDD1EBEAC04E5DEFA017", Instance = "000000000003" });

        Clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        var privacyOptions = Options.Create(privacy);
        PrivacyCounters = new PrivacyCounters();
        Pseudonymizer = new Pseudonymizer(Clock, privacyOptions);
        var calendar = new FootfallCalendar(privacyOptions, Clock);
        Accumulator = new FootfallAccumulator(Clock, calendar, privacyOptions, PrivacyCounters);
        var zones = new ZoneMap(options);
        Counters = new BeaconCounters();
        Tracker = new ZoneTracker(options, zones, counting ? Accumulator : new CountingZoneVisitSink(), Counters);
        Pipeline = new BeaconPipeline(options, Tracker, Counters, NullLogger<BeaconPipeline>.Instance);
        var policy = new CollectionPolicy(privacyOptions, Clock, PrivacyCounters);
        var gate = new SightingGate(options, Pseudonymizer, new ScannerRegistry(zones, options), new StoreBeaconRegistry(options), Pipeline, policy);
        Ingest = new BeaconIngest(gate, Clock, NullLogger<BeaconIngest>.Instance);
        Accumulator.Advance(Clock.GetUtcNow());
    }

    public FootfallOptions Footfall { get; }

    public ManualTimeProvider Clock { get; }

    public Pseudonymizer Pseudonymizer { get; }

    public PrivacyCounters PrivacyCounters { get; }

    public FootfallAccumulator Accumulator { get; }

    public BeaconCounters Counters { get; }

    public ZoneTracker Tracker { get; }

    public BeaconPipeline Pipeline { get; }

    public BeaconIngest Ingest { get; }

    /// <summary>
    /// Two messages per device: its zone's OpenMQTTGateway node and its zone's ESPresense node (both hear it).
    /// Device numbers from <paramref name="first"/>; the same number always gives the same address.
    /// </summary>
    public static (string Topic, byte[] Payload)[] Messages(int first, int count)
    {
        var messages = new (string Topic, byte[] Payload)[count * 2];
        for (var i = 0; i < count; i++)
        {
            var d = first + i;
            var zone = d % ZoneCount;
            var state = 0x9E3779B97F4A7C15UL ^ (ulong)d;
            var mac = $"4A:{(d >> 16) & 0xFF:X2}:{(d >> 8) & 0xFF:X2}:{d & 0xFF:X2}:5E:{Next(ref state) & 0xFF:X2}";
            var plain = mac.Replace(":", string.Empty, StringComparison.Ordinal);
            var rssi = -55 - (int)(Next(ref state) % 20);
            messages[2 * i] = ($"home/omg-{zone}/BTtoMQTT/{plain}",
                Encoding.UTF8.GetBytes($$"""{"id":"{{mac}}","mac_type":1,"rssi":{{rssi}},"manufacturerdata":"4c0010051c{{plain}}"}"""));
            messages[(2 * i) + 1] = ($"espresense/devices/{plain.ToLowerInvariant()}/room-{zone}",
                Encoding.UTF8.GetBytes($$"""{"id":"apple:1005:9-26","rssi@1m":-59,"rssi":{{rssi - 3}},"raw":2.1,"distance":2.0,"speed":0.01,"mac":"{{plain.ToLowerInvariant()}}","interval":1000}"""));
        }

        return messages;
    }

    /// <summary>Zone assignment's share of a round: drain the queue, confirm, link and close visits.</summary>
    public void FinishRound()
    {
        Pipeline.ProcessPending();
        Tracker.Sweep(Clock.GetUtcNow());
    }

    public void Dispose()
    {
        Pseudonymizer.Dispose();
        PrivacyCounters.Dispose();
    }

    private static ulong Next(ref ulong state)
    {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    }

    internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

        public override DateTimeOffset GetUtcNow() => _now;

        /// <summary>Only between rounds, while no ingest thread runs.</summary>
        public void Advance(TimeSpan by) => _now += by;
    }
}
