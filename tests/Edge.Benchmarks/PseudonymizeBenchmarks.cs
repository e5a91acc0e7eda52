using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Edge.Privacy;
using Microsoft.Extensions.Options;

namespace Edge.Benchmarks;

/// <summary>
/// The privacy step of a sighting: an address (tag + 6 bytes, as the sighting gate builds it) to its HMAC-SHA256
/// pseudonym under the day's in-memory key, alone and followed by the footfall accumulator's contribution bounding
/// (a visit of that pseudonym recorded into the open window). <see cref="FrameworkOneShotHmac"/> is what a
/// pseudonym cost before the key state was precomputed: the framework's one-shot HMAC on the raw key.
/// </summary>
[MemoryDiagnoser]
public class PseudonymizeBenchmarks : IDisposable
{
    private const int Devices = 1000;

    private readonly byte[] _identity = [0x4D, 0x4A, 0x00, 0x00, 0x00, 0x5E, 0x00];
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _digest = new byte[32];
    private readonly string[] _zones = ["zone-0", "zone-1", "zone-2", "zone-3", "zone-4", "zone-5"];
    private BenchClock _clock = null!;
    private Pseudonymizer _pseudonymizer = null!;
    private PrivacyCounters _counters = null!;
    private FootfallAccumulator _accumulator = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var options = Options.Create(new PrivacyOptions { TimeZone = "UTC", Zones = [.. _zones] });
        _clock = new BenchClock(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));
        _pseudonymizer = new Pseudonymizer(_clock, options);
        _counters = new PrivacyCounters();
        _accumulator = new FootfallAccumulator(_clock, new FootfallCalendar(options, _clock), options, _counters);
        _accumulator.Advance(_clock.GetUtcNow());
    }

    [Benchmark(Baseline = true)]
    public int FrameworkOneShotHmac()
    {
        NextIdentity();
        return HMACSHA256.HashData(_key, _identity, _digest);
    }

    [Benchmark]
    public int Pseudonymize()
    {
        NextIdentity();
        return _pseudonymizer.Pseudonymize(_identity).Epoch;
    }

    /// <summary>Pseudonymize, then record an open visit of it (1,000 devices cycling through 6 zones).</summary>
    [Benchmark]
    public int PseudonymizeAndBound()
    {
        var device = NextIdentity();
        var pseudonym = _pseudonymizer.Pseudonymize(_identity);
        var now = _clock.GetUtcNow();
        _accumulator.Record(new ZoneVisit(pseudonym, _zones[device % _zones.Length], now.AddMinutes(-1), null));
        return pseudonym.Epoch;
    }

    private int NextIdentity()
    {
        var device = _next;
        _next = _next + 1 == Devices ? 0 : _next + 1;
        _identity[3] = (byte)(device >> 8);
        _identity[4] = (byte)device;
        return device;
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _pseudonymizer?.Dispose();
        _counters?.Dispose();
        GC.SuppressFinalize(this);
    }

    private sealed class BenchClock(DateTimeOffset now) : TimeProvider
    {
        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

        public override DateTimeOffset GetUtcNow() => now;
    }
}
