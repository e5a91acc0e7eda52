namespace Edge.Simulator.Store;

/// <summary>Knobs of the simulated store. Defaults give an ordinary weekday hour of a small supermarket.</summary>
public sealed class StoreSimulatorOptions
{
    public int Seed { get; set; } = 7;

    /// <summary>Mean arrivals per hour (Poisson).</summary>
    public double ShoppersPerHour { get; set; } = 60;

    /// <summary>Shoppers arrive during this long; the simulation then runs until the last one has left.</summary>
    public TimeSpan OpeningDuration { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Mean time between a phone's address changes (iOS and Android rotate about every 15 minutes).</summary>
    public TimeSpan AddressRotation { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Shadowing noise on every RSSI sample, standard deviation in dB (bodies, shelves, multipath).</summary>
    public double RssiNoiseDb { get; set; } = 4;

    /// <summary>RSSI of a phone at 1 m.</summary>
    public int PhoneRssiAtOneMeter { get; set; } = -59;

    /// <summary>Path-loss exponent of the store.</summary>
    public double PathLossExponent { get; set; } = 2.7;

    /// <summary>Weakest advertisement a scanner still reports.</summary>
    public int ScannerSensitivityDbm { get; set; } = -95;

    /// <summary>Probability per second that a scanner reports a given phone (advertising interval, collisions, scan window).</summary>
    public double ReportProbabilityPerSecond { get; set; } = 0.6;

    /// <summary>Store beacons send TLM every this many seconds (Eddystone interleaves UID and TLM).</summary>
    public int TelemetryEverySeconds { get; set; } = 10;

    public DateTimeOffset Start { get; set; } = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
}
