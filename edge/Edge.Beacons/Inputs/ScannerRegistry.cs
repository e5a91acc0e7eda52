using Edge.Beacons.Configuration;
using Edge.Beacons.Zones;

namespace Edge.Beacons.Inputs;

/// <summary>
/// The configured scanners and their online state. A scanner that publishes a status (ESPresense
/// <c>rooms/&lt;room&gt;/status</c>, OpenMQTTGateway <c>LWT</c>: the broker publishes the last will when the connection
/// dies) is what its last status says; one that never did is online while heard within
/// <see cref="FootfallOptions.ScannerOfflineAfter"/>.
/// Lookups take the scanner id as a slice of the topic, so the hot path allocates nothing.
/// </summary>
internal sealed class ScannerRegistry
{
    private const int RememberedUnknownScanners = 32;
    private const long LastSeenResolutionTicks = TimeSpan.TicksPerSecond / 10;

    private readonly ZoneMap _zones;
    private readonly FootfallOptions _options;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly long[] _lastSeenTicks;
    private readonly bool?[] _reportedOnline;
    private readonly HashSet<string> _unknown = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public ScannerRegistry(ZoneMap zones, FootfallOptions options)
    {
        ArgumentNullException.ThrowIfNull(zones);
        _zones = zones;
        _options = options;
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < zones.ScannerIds.Length; i++)
        {
            byId[zones.ScannerIds[i]] = i;
        }

        _lookup = byId.GetAlternateLookup<ReadOnlySpan<char>>();
        _lastSeenTicks = new long[zones.ScannerIds.Length];
        _reportedOnline = new bool?[zones.ScannerIds.Length];
    }

    /// <summary>Marks the scanner as heard and returns its index, or -1 (remembered for the operator) when not configured.</summary>
    public int Touch(ReadOnlySpan<char> scannerId, DateTimeOffset now)
    {
        if (_lookup.TryGetValue(scannerId, out var index))
        {
            // Every message of a scanner lands here from every ingest thread: write the shared slot only when it moves
            // by a tenth of a second or more (or backwards), so the cores mostly share the cache line instead of trading it.
            var ticks = now.UtcTicks;
            var last = Volatile.Read(ref _lastSeenTicks[index]);
            if (ticks - last >= LastSeenResolutionTicks || ticks < last)
            {
                Interlocked.Exchange(ref _lastSeenTicks[index], ticks);
            }

            return index;
        }

        lock (_gate)
        {
            if (_unknown.Count < RememberedUnknownScanners)
            {
                _unknown.Add(scannerId.ToString());
            }
        }

        return -1;
    }

    public int ZoneOf(int scannerIndex) => _zones.ScannerZones[scannerIndex];

    public string ZoneIdOf(int scannerIndex) => _zones.ZoneIds[_zones.ScannerZones[scannerIndex]];

    public string ScannerIdOf(int scannerIndex) => _zones.ScannerIds[scannerIndex];

    public void SetStatus(ReadOnlySpan<char> scannerId, bool online, DateTimeOffset now)
    {
        var index = Touch(scannerId, now);
        if (index < 0)
        {
            return;
        }

        lock (_gate)
        {
            _reportedOnline[index] = online;
        }
    }

    public IReadOnlyList<ScannerHealth> Snapshot(DateTimeOffset now)
    {
        var result = new List<ScannerHealth>(_zones.ScannerIds.Length);
        lock (_gate)
        {
            for (var i = 0; i < _zones.ScannerIds.Length; i++)
            {
                var ticks = Interlocked.Read(ref _lastSeenTicks[i]);
                DateTimeOffset? lastSeen = ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
                var recent = lastSeen is { } seen && now - seen <= _options.ScannerOfflineAfter;
                var online = _reportedOnline[i] ?? recent;
                result.Add(new ScannerHealth(_zones.ScannerIds[i], _zones.ZoneIds[_zones.ScannerZones[i]], online, lastSeen));
            }
        }

        return result;
    }

    public IReadOnlyList<string> UnknownScanners()
    {
        lock (_gate)
        {
            return [.. _unknown.Order(StringComparer.Ordinal)];
        }
    }
}
