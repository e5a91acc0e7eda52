namespace Edge.Beacons.Configuration;

/// <summary>
/// Section <c>Footfall</c>: which scanner sits in which zone, the store's own beacons, and the constants of zone
/// assignment. Validated at start-up by <see cref="FootfallOptionsValidator"/>.
/// </summary>
public sealed class FootfallOptions
{
    public const string Section = "Footfall";

    /// <summary>Scanner id to zone id. Scanner ids are the OpenMQTTGateway gateway name, the ESPresense room, or the local radio's id.</summary>
    public Dictionary<string, string> Scanners { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Beacons the store owns: infrastructure, never counted as people.</summary>
    public List<StoreBeaconOptions> StoreBeacons { get; set; } = [];

    /// <summary>Sightings weaker than this are ignored (passers-by, neighbours).</summary>
    public int MinimumRssi { get; set; } = -90;

    /// <summary>Sightings estimated farther than this from their scanner are ignored.</summary>
    public double MaximumDistanceMeters { get; set; } = 10;

    /// <summary>Path-loss model: RSSI at 1 m when the advertisement does not carry its own calibration.</summary>
    public int ReferenceRssiAtOneMeter { get; set; } = -59;

    /// <summary>Path-loss exponent n in d = 10^((RSSI@1m - RSSI) / (10 n)); 2 in free space, 2.5-4 indoors.</summary>
    public double PathLossExponent { get; set; } = 2.7;

    /// <summary>Time constant of the exponential RSSI smoothing per zone.</summary>
    public TimeSpan SmoothingWindow { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>A device moves to another zone only when that zone is heard this many dB stronger than its current zone.</summary>
    public double HysteresisDb { get; set; } = 4;

    /// <summary>Another zone must win for this long before the device moves there (walking through a zone is not a visit).</summary>
    public TimeSpan ZoneSwitchDelay { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>A visit closes when the device has not been heard for this long.</summary>
    public TimeSpan VisitTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>An open visit is re-reported to the footfall sink at most this often, so that long stays reach every window.</summary>
    public TimeSpan OpenVisitRefresh { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A new address becomes a visitor only after this long and <see cref="MinimumSightingsToConfirm"/> sightings.</summary>
    public TimeSpan ConfirmAfter { get; set; } = TimeSpan.FromSeconds(6);

    public int MinimumSightingsToConfirm { get; set; } = 2;

    /// <summary>Link a new address to one that fell silent in the same zone (address rotation) instead of counting a new visitor.</summary>
    public bool ContinuityEnabled { get; set; } = true;

    /// <summary>Longest silence between the old address's last and the new address's first sighting that still links them.</summary>
    public TimeSpan ContinuityMaximumGap { get; set; } = TimeSpan.FromSeconds(12);

    /// <summary>The old address must have been silent at least this long before a link is made (it really stopped).</summary>
    public TimeSpan ContinuityMinimumSilence { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Largest difference of smoothed RSSI between the old and the new address that still links them.</summary>
    public double ContinuityMaximumRssiDifferenceDb { get; set; } = 10;

    /// <summary>Repeated sightings of one device by one scanner closer than this are merged (de-duplication).</summary>
    public TimeSpan SightingThrottle { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of devices tracked at once; beyond it new devices are dropped and counted.</summary>
    public int MaximumTrackedDevices { get; set; } = 20_000;

    /// <summary>Capacity of the queue between ingest and zone assignment; when full, sightings are dropped and counted.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>
    /// Rest of the zone loop after each batch it takes from the queue (default 0: none). With a rest, one wake-up carries
    /// that long's sightings instead of a few: with 20,000 phones in process, 1 ms gave 10-15 % more sightings per second
    /// at 15-18 % less CPU each; over MQTT no difference showed (docs/BENCHMARKS.md). It delays zone assignment by as
    /// much and must stay well below the time the queue takes to fill.
    /// </summary>
    public TimeSpan ZoneLoopPause { get; set; } = TimeSpan.Zero;

    /// <summary>A scanner silent for this long is reported offline even without a last-will message.</summary>
    public TimeSpan ScannerOfflineAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A store beacon not heard for this long is reported missing.</summary>
    public TimeSpan StoreBeaconMissingAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A store beacon whose TLM battery reading is below this is reported in the health warnings.</summary>
    public int LowBatteryMillivolts { get; set; } = 2500;

    /// <summary>Scanner id of the Pi's own radio (must appear in <see cref="Scanners"/>), if it scans.</summary>
    public string? LocalRadioScannerId { get; set; }

    /// <summary><c>hcidump -R</c> output to read the Pi's own radio from (usually a FIFO); empty to not scan locally.</summary>
    public string? LocalRadioCapturePath { get; set; }

    /// <summary>How often timed-out visits are closed and new addresses confirmed or linked.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);
}
