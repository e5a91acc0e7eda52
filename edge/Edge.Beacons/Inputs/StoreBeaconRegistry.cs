using Edge.Beacons.Configuration;
using Edge.Beacons.Decoding;
using Edge.Privacy;

namespace Edge.Beacons.Inputs;

/// <summary>
/// The allow-list of beacons the store owns, and their health. Eddystone beacons send TLM frames without their UID,
/// from the same address; the address is remembered only as its pseudonym, mapped to the beacon it belongs to.
/// </summary>
internal sealed class StoreBeaconRegistry
{
    private readonly Entry[] _entries;
    private readonly FootfallOptions _options;
    // Read by every sighting on every ingest thread, changed only when a store beacon shows up under a new address:
    // copy on write, so readers take no lock (a dictionary nobody writes to is safe to read concurrently).
    private Dictionary<Pseudonym, int> _addresses = [];
    private readonly Lock _gate = new();

    public StoreBeaconRegistry(FootfallOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _entries = [.. options.StoreBeacons.Select(ToEntry)];
    }

    public int Count => _entries.Length;

    /// <summary>Index of the allow-listed beacon this frame names, or -1.</summary>
    public int Match(in BeaconFrame frame)
    {
        for (var i = 0; i < _entries.Length; i++)
        {
            var entry = _entries[i];
            var matches = frame.Format switch
            {
                BeaconFormat.IBeacon or BeaconFormat.AltBeacon => entry.Uuid is not null &&
                    frame.PrimaryId.SequenceEqual(entry.Uuid) && frame.Major == entry.Major && frame.Minor == entry.Minor,
                BeaconFormat.EddystoneUid => entry.Namespace is not null &&
                    frame.PrimaryId.SequenceEqual(entry.Namespace) && frame.SecondaryId.SequenceEqual(entry.Instance),
                _ => false,
            };
            if (matches)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Index of the store beacon last heard from this address pseudonym, or -1.</summary>
    public int MatchAddress(Pseudonym address)
    {
        var addresses = Volatile.Read(ref _addresses);
        return addresses.Count > 0 && addresses.TryGetValue(address, out var index) ? index : -1;
    }

    public void Seen(int index, Pseudonym? address, string zoneId, int rssi, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (address is { } known)
            {
                if (!_addresses.TryGetValue(known, out var linked) || linked != index)
                {
                    // A few addresses per beacon at most; the bound only guards against a misconfigured allow-list.
                    var copy = _addresses.Count >= 4 * Math.Max(1, _entries.Length)
                        ? []
                        : new Dictionary<Pseudonym, int>(_addresses);
                    copy[known] = index;
                    Volatile.Write(ref _addresses, copy);
                }
            }

            var entry = _entries[index];
            entry.LastSeen = now;
            entry.LastZoneId = zoneId;
            entry.LastRssi = rssi;
        }
    }

    public void Telemetry(int index, in BeaconFrame frame, DateTimeOffset now)
    {
        lock (_gate)
        {
            var entry = _entries[index];
            entry.BatteryMillivolts = frame.BatteryMillivolts == 0 ? null : frame.BatteryMillivolts;
            entry.TemperatureCelsius = frame.TemperatureCelsius;
            entry.TelemetryAt = now;
        }
    }

    public IReadOnlyList<StoreBeaconHealth> Snapshot(DateTimeOffset now)
    {
        lock (_gate)
        {
            return [.. _entries.Select(e => new StoreBeaconHealth(
                e.Name,
                e.LastSeen,
                e.LastZoneId,
                e.LastRssi,
                e.BatteryMillivolts,
                e.TemperatureCelsius,
                e.TelemetryAt,
                e.LastSeen is not { } seen || now - seen > _options.StoreBeaconMissingAfter))];
        }
    }

    private static Entry ToEntry(StoreBeaconOptions options)
    {
        var entry = new Entry { Name = options.Name };
        if (options.Uuid is not null)
        {
            entry.Uuid = Guid.Parse(options.Uuid).ToByteArray(bigEndian: true);
            entry.Major = (ushort)(options.Major ?? 0);
            entry.Minor = (ushort)(options.Minor ?? 0);
        }
        else
        {
            entry.Namespace = Convert.FromHexString(options.Namespace ?? string.Empty);
            entry.Instance = Convert.FromHexString(options.Instance ?? string.Empty);
        }

        return entry;
    }

    private sealed class Entry
    {
        public string Name { get; init; } = string.Empty;

        public byte[]? Uuid { get; set; }

        public ushort Major { get; set; }

        public ushort Minor { get; set; }

        public byte[]? Namespace { get; set; }

        public byte[] Instance { get; set; } = [];

        public DateTimeOffset? LastSeen { get; set; }

        public string? LastZoneId { get; set; }

        public int? LastRssi { get; set; }

        public int? BatteryMillivolts { get; set; }

        public double? TemperatureCelsius { get; set; }

        public DateTimeOffset? TelemetryAt { get; set; }
    }
}
