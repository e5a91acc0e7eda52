using System.Buffers.Binary;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace Edge.Privacy;

/// <summary>
/// The first thing a beacon adapter asks about a decoded sighting, before pseudonymizing it: the store's "no
/// collection" switch, opted-out devices (a configured opt-out beacon UUID), the deny-list and opening hours.
/// A dropped sighting leaves only numbers behind: how many sightings, and an estimate of how many distinct devices.
/// </summary>
/// <remarks>
/// Addresses are the six bytes in the order they are printed (AA:BB:CC:DD:EE:FF gives 0xAA first); UUIDs are the
/// sixteen bytes in the order they are printed (the iBeacon proximity UUID as advertised). Pass an empty span for
/// what a frame does not carry.
/// </remarks>
public sealed class CollectionPolicy
{
    private readonly PrivacyOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly PrivacyCounters _counters;
    private readonly FootfallCalendar _calendar;
    private readonly HashSet<ulong> _denyList;
    private readonly HashSet<UInt128> _optOut;
    private readonly Lock _gate = new();
    private readonly DistinctSketch _optedOutDevices = new();
    private readonly DistinctSketch _denyListedDevices = new();
    private DateOnly _sketchDay;
    // The answer of IsCollecting for a span of time, replaced as a whole: every sighting on every ingest thread reads
    // it, so it takes no lock (an immutable object behind one reference).
    private CollectingSpan? _collecting;

    public CollectionPolicy(IOptions<PrivacyOptions> options, TimeProvider timeProvider, PrivacyCounters counters)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _timeProvider = timeProvider;
        _counters = counters;
        _calendar = new FootfallCalendar(options, timeProvider);
        _denyList = [.. _options.DenyList.Select(a => TryParseAddress(a, out var value) ? value : throw new OptionsValidationException(PrivacyOptions.Section, typeof(PrivacyOptions), [$"Privacy:DenyList entry '{a}' is not an address AA:BB:CC:DD:EE:FF."]))];
        _optOut = [.. _options.OptOutBeaconUuids.Select(u => Guid.TryParse(u, out var guid) ? ToUInt128(guid) : throw new OptionsValidationException(PrivacyOptions.Section, typeof(PrivacyOptions), [$"Privacy:OptOutBeaconUuids entry '{u}' is not a UUID."]))];
    }

    /// <summary>True when the sighting must be dropped before it is pseudonymized. Counts the drop.</summary>
    public bool ShouldDrop(ReadOnlySpan<byte> address, ReadOnlySpan<byte> beaconUuid = default) =>
        Evaluate(address, beaconUuid) != CollectionDecision.Collect;

    /// <summary>Decides about one sighting and counts a drop. Allocation-free except on the first call of a day.</summary>
    public CollectionDecision Evaluate(ReadOnlySpan<byte> address, ReadOnlySpan<byte> beaconUuid = default)
    {
        var now = _timeProvider.GetUtcNow();
        if (!_options.CollectionEnabled || _options.Zones.Count == 0)
        {
            _counters.Increment(PrivacyCounter.NotCollectingSightings);
            return CollectionDecision.NotCollecting;
        }

        if (beaconUuid.Length == 16 && _optOut.Count > 0 && _optOut.Contains(BinaryPrimitives.ReadUInt128BigEndian(beaconUuid)))
        {
            _counters.Increment(PrivacyCounter.OptedOutSightings);
            CountDistinct(now, _optedOutDevices, address, PrivacyCounter.OptedOutDevices);
            return CollectionDecision.OptedOut;
        }

        if (address.Length == 6 && _denyList.Count > 0 && _denyList.Contains(ToUInt64(address)))
        {
            _counters.Increment(PrivacyCounter.DenyListedSightings);
            CountDistinct(now, _denyListedDevices, address, PrivacyCounter.DenyListedDevices);
            return CollectionDecision.DenyListed;
        }

        if (!IsCollecting(now))
        {
            _counters.Increment(PrivacyCounter.NotCollectingSightings);
            return CollectionDecision.NotCollecting;
        }

        return CollectionDecision.Collect;
    }

    /// <summary>True inside opening hours with collection switched on and zones configured.</summary>
    public bool IsCollecting(DateTimeOffset now)
    {
        if (!_options.CollectionEnabled || _options.Zones.Count == 0)
        {
            return false;
        }

        var cached = Volatile.Read(ref _collecting);
        if (cached is not null && now >= cached.From && now < cached.Until)
        {
            return cached.Collecting;
        }

        // Inside a window the answer holds until it ends; outside, re-check every minute.
        var window = _calendar.WindowAt(now);
        var span = new CollectingSpan(window?.Start ?? now, window?.End ?? now.AddMinutes(1), window is not null);
        Volatile.Write(ref _collecting, span);
        return span.Collecting;
    }

    /// <summary>Configuration errors of the deny-list and opt-out UUIDs, one message per bad entry.</summary>
    internal static IEnumerable<string> ValidateIdentifiers(PrivacyOptions options)
    {
        foreach (var address in options.DenyList)
        {
            if (!TryParseAddress(address, out _))
            {
                yield return "Privacy:DenyList has an entry that is not an address like AA:BB:CC:DD:EE:FF (the entry is not repeated here).";
            }
        }

        foreach (var uuid in options.OptOutBeaconUuids.Concat(options.AllowListedBeaconUuids))
        {
            if (!Guid.TryParse(uuid, out _))
            {
                yield return "Privacy:OptOutBeaconUuids or Privacy:AllowListedBeaconUuids has an entry that is not a UUID like 2f234454-cf6d-4a0f-adf2-f4911ba9ffa6.";
            }
        }
    }

    internal static bool TryParseAddress(string text, out ulong value)
    {
        value = 0;
        var hex = text.Replace(":", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        return hex.Length == 12 && ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }

    private void CountDistinct(DateTimeOffset now, DistinctSketch sketch, ReadOnlySpan<byte> address, PrivacyCounter counter)
    {
        if (address.IsEmpty)
        {
            return;
        }

        lock (_gate)
        {
            var day = _calendar.KeyDay(now);
            if (day != _sketchDay)
            {
                _optedOutDevices.Reset();
                _denyListedDevices.Reset();
                _sketchDay = day;
            }

            sketch.Add(address);
            _counters.Set(counter, sketch.Estimate());
        }
    }

    private static ulong ToUInt64(ReadOnlySpan<byte> address)
    {
        ulong value = 0;
        foreach (var b in address)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    private static UInt128 ToUInt128(Guid guid)
    {
        Span<byte> bytes = stackalloc byte[16];
        guid.TryWriteBytes(bytes, bigEndian: true, out _);
        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    private sealed record CollectingSpan(DateTimeOffset From, DateTimeOffset Until, bool Collecting);
}
