using System.Diagnostics;
using System.Text;
using Edge.Gateway.Beacons.Inputs;
using Edge.Gateway.Beacons.Zones;
using Edge.Gateway.Privacy;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Gateway.Beacons;

/// <summary>
/// Measures the full sighting path (topic routing, JSON parsing, frame decoding, HMAC pseudonymization, filters,
/// de-duplication, queue, zone assignment, visit sweep) on synthetic OpenMQTTGateway and ESPresense messages.
/// Simulated time advances one second per round, so every sighting is a new one and none is merely de-duplicated.
/// </summary>
internal static class BeaconBenchmark
{
    public sealed record Result(long Sightings, TimeSpan Elapsed, long AllocatedBytes, long Accepted, int Zones)
    {
        public double SightingsPerSecond => Sightings / Elapsed.TotalSeconds;

        public double MicrosecondsPerSighting => Elapsed.TotalMicroseconds / Sightings;

        public double BytesPerSighting => (double)AllocatedBytes / Sightings;
    }

    public static Result Run(int devices, int rounds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(devices, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        const int ZoneCount = 6;
        var options = new FootfallOptions { MaximumTrackedDevices = Math.Max(devices * 2, 1000), QueueCapacity = devices * 4 };
        for (var z = 0; z < ZoneCount; z++)
        {
            options.Scanners[$"omg-{z}"] = $"zone-{z}";
            options.Scanners[$"room-{z}"] = $"zone-{z}";
        }

        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        using var pseudonymizer = new Pseudonymizer();
        var zones = new ZoneMap(options);
        var counters = new BeaconCounters();
        var tracker = new ZoneTracker(options, zones, new CountingZoneVisitSink(), counters);
        var pipeline = new BeaconPipeline(options, tracker, counters, NullLogger<BeaconPipeline>.Instance);
        var gate = new SightingGate(options, pseudonymizer, new ScannerRegistry(zones, options), new StoreBeaconRegistry(options), pipeline);
        var ingest = new BeaconIngest(gate, clock, NullLogger<BeaconIngest>.Instance);

        // Two messages per device and round: its zone's OpenMQTTGateway node and its zone's ESPresense node.
        var messages = new (string Topic, byte[] Payload)[devices * 2];
        var state = 0x9E3779B97F4A7C15UL;
        for (var d = 0; d < devices; d++)
        {
            var zone = d % ZoneCount;
            var mac = $"4A:{(d >> 16) & 0xFF:X2}:{(d >> 8) & 0xFF:X2}:{d & 0xFF:X2}:5E:{Next(ref state) & 0xFF:X2}";
            var plain = mac.Replace(":", string.Empty, StringComparison.Ordinal);
            var rssi = -55 - (int)(Next(ref state) % 20);
            messages[2 * d] = ($"home/omg-{zone}/BTtoMQTT/{plain}",
                Encoding.UTF8.GetBytes($$"""{"id":"{{mac}}","mac_type":1,"rssi":{{rssi}},"manufacturerdata":"4c0010051c{{plain}}"}"""));
            messages[(2 * d) + 1] = ($"espresense/devices/{plain.ToLowerInvariant()}/room-{zone}",
                Encoding.UTF8.GetBytes($$"""{"id":"apple:1005:9-26","rssi@1m":-59,"rssi":{{rssi - 3}},"raw":2.1,"distance":2.0,"speed":0.01,"mac":"{{plain.ToLowerInvariant()}}","interval":1000}"""));
        }

        // Warm-up round (JIT, dictionaries), not measured.
        foreach (var (topic, payload) in messages)
        {
            ingest.TryHandle(topic, payload);
        }

        pipeline.ProcessPending();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var stopwatch = Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            foreach (var (topic, payload) in messages)
            {
                ingest.TryHandle(topic, payload);
            }

            pipeline.ProcessPending();
            tracker.Sweep(clock.GetUtcNow());
        }

        stopwatch.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        return new Result((long)messages.Length * rounds, stopwatch.Elapsed, allocated, counters.Accepted, ZoneCount);
    }

    private static ulong Next(ref ulong state)
    {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    }

    private sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
