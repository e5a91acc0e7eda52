using System.Globalization;
using System.Text.Json;

namespace Edge.LoadHarness;

/// <summary>
/// The gateway's footfall set-up for the simulated store (one zone per scanner, the store beacons of
/// <see cref="SightingSource"/>, collection open all day) and how its progress is read from <c>GET /api/beacons</c>.
/// Shared by the footfall target and the telemetry target when it also carries the store's scanners.
/// </summary>
internal static class FootfallGateway
{
    /// <summary>Command-line configuration for <paramref name="scanners"/> scanners, one zone each, in a store with <paramref name="devices"/> phones.</summary>
    public static IEnumerable<string> Arguments(int scanners, int devices)
    {
        // Room for every phone plus the visitors' iBeacon apps and a quarter to spare, as a site expecting that many
        // phones would configure it (the default, 20,000, is a large store's).
        yield return string.Create(CultureInfo.InvariantCulture, $"--Footfall:MaximumTrackedDevices={Math.Max(20_000, devices + (devices / 4))}");
        // The scanners' own publish rate (Fleet:ScannerMessagesPerSecond, 5,000/s by default) is lifted, as the machines'
        // is: the bench measures the footfall path, not the token bucket.
        yield return "--Fleet:ScannerMessagesPerSecond=1000000";
        yield return "--Fleet:ScannerBurst=1000000";
        yield return "--Privacy:OpeningTime=00:00";
        yield return "--Privacy:ClosingTime=23:59";
        for (var i = 0; i < scanners; i++)
        {
            yield return $"--Footfall:Scanners:{SightingSource.ScannerId(i)}=zone-{i:D3}";
            yield return $"--Privacy:Zones:{i}=zone-{i:D3}";
        }

        for (var i = 0; i < SightingSource.StoreBeacons.Length; i++)
        {
            var (name, uuid, major, minor) = SightingSource.StoreBeacons[i];
            yield return $"--Footfall:StoreBeacons:{i}:Name={name}";
            yield return $"--Footfall:StoreBeacons:{i}:Uuid={uuid}";
            yield return string.Create(CultureInfo.InvariantCulture, $"--Footfall:StoreBeacons:{i}:Major={major}");
            yield return string.Create(CultureInfo.InvariantCulture, $"--Footfall:StoreBeacons:{i}:Minor={minor}");
        }
    }

    /// <summary>The beacon counters and the number of tracked devices.</summary>
    public static async Task<Progress> ReadAsync(HttpClient http, CancellationToken cancellationToken)
    {
        await using var stream = await http.GetStreamAsync(new Uri("/api/beacons", UriKind.Relative), cancellationToken);
        using var status = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        var counters = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var counter in status.RootElement.GetProperty("counters").EnumerateObject())
        {
            counters[counter.Name] = counter.Value.GetInt64();
        }

        if (!counters.ContainsKey("handled") || !counters.ContainsKey("zoned"))
        {
            throw new InvalidOperationException("This gateway build has no 'handled'/'zoned' beacon counters: build the gateway from this branch.");
        }

        return new Progress(counters, status.RootElement.GetProperty("trackedDevices").GetInt32());
    }

    /// <summary>What <c>GET /api/beacons</c> says about the sightings so far.</summary>
    internal sealed record Progress(IReadOnlyDictionary<string, long> Counters, int TrackedDevices)
    {
        /// <summary>Sightings fully processed: handled, less those still waiting in the queue to the zone loop.</summary>
        public long Consumed => Counters["handled"] - Math.Max(0, Counters["accepted"] - Counters["zoned"]);

        public long Handled => Counters["handled"];

        private static readonly string[] s_losses = ["queueFull", "throttleFull", "trackerFull", "malformedMessages", "unknownScanner"];

        /// <summary>Sightings refused or dropped for want of room or of a known scanner: must stay 0.</summary>
        public long Lost => s_losses.Sum(name => Counters[name]);

        public string Describe() => string.Create(CultureInfo.InvariantCulture,
            $"{Handled:N0} sightings handled: {Counters["accepted"]:N0} queued and zoned ({Counters["zoned"]:N0}), {Counters["deduplicated"]:N0} de-duplicated, {Counters["storeBeaconSightings"]:N0} store beacon, {Counters["filteredWeak"] + Counters["filteredFar"]:N0} filtered, {Lost:N0} lost ({string.Join(", ", s_losses.Select(name => $"{name} {Counters[name]:N0}"))}); {TrackedDevices:N0} devices tracked.");
    }
}
