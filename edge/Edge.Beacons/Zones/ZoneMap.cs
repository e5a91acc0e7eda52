using Edge.Beacons.Configuration;

namespace Edge.Beacons.Zones;

/// <summary>The configured zones and scanners, numbered once at start-up so that the hot path works on indexes.</summary>
internal sealed class ZoneMap
{
    public ZoneMap(FootfallOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ZoneIds = [.. options.Scanners.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        ScannerIds = [.. options.Scanners.Keys.Order(StringComparer.Ordinal)];
        ScannerZones = [.. ScannerIds.Select(id => Array.IndexOf(ZoneIds, options.Scanners[id]))];
    }

    public string[] ZoneIds { get; }

    public string[] ScannerIds { get; }

    /// <summary>Zone index of each scanner index.</summary>
    public int[] ScannerZones { get; }
}
