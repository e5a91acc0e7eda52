namespace Edge.Privacy;

/// <summary>
/// Section <c>Privacy</c>: what footfall may be collected, when, and how much each day's releases may reveal.
/// The defaults are argued in PRIVACY.md at the repository root.
/// </summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>Store label sent with every footfall report (an operator-chosen name, never an identifier).</summary>
    public string StoreId { get; set; } = "store-1";

    /// <summary>Every zone of the store. Each is published in every window, zeros included (public partitions).</summary>
    public List<string> Zones { get; set; } = [];

    /// <summary>Local opening time; nothing is collected before it.</summary>
    public TimeOnly OpeningTime { get; set; } = new(9, 0);

    /// <summary>Local closing time; nothing is collected after it. Earlier than <see cref="OpeningTime"/> means past midnight.</summary>
    public TimeOnly ClosingTime { get; set; } = new(21, 0);

    /// <summary>IANA time zone of the store; empty means the gateway's local zone.</summary>
    public string? TimeZone { get; set; }

    /// <summary>Length of a counting window (a column of the published grid).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Total privacy budget of one day's footfall releases, per unit of privacy (one address-epoch).</summary>
    public double EpsilonPerDay { get; set; } = 2.0;

    /// <summary>How many reports a day is released in; the budget is split evenly across them (sequential composition).</summary>
    public int ReleasesPerDay { get; set; } = 1;

    /// <summary>K: a pseudonym counts in at most this many (zone, window) cells per day.</summary>
    public int MaxCellsPerDevicePerDay { get; set; } = 6;

    /// <summary>Dwell of one pseudonym in one cell is clamped to this before it is summed.</summary>
    public TimeSpan MaxDwell { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>k: cells whose noisy visitor count is below this are published as suppressed; 0 turns suppression off.</summary>
    public int SuppressBelow { get; set; }

    /// <summary>Local time at which the pseudonym key is replaced every day (also at every restart).</summary>
    public TimeOnly KeyRotationTime { get; set; } = new(4, 0);

    /// <summary>The per-store "no collection" switch: false drops every sighting before it is pseudonymized.</summary>
    public bool CollectionEnabled { get; set; } = true;

    /// <summary>Beacon UUIDs whose carriers asked not to be counted (for example a loyalty app's "do not count me" UUID).</summary>
    public List<string> OptOutBeaconUuids { get; set; } = [];

    /// <summary>Device addresses (AA:BB:CC:DD:EE:FF) never to be counted, for example staff devices.</summary>
    public List<string> DenyList { get; set; } = [];

    /// <summary>UUIDs of the store's own beacons: the only UUIDs the egress guard lets through.</summary>
    public List<string> AllowListedBeaconUuids { get; set; } = [];

    /// <summary>File of the budget ledger inside the gateway's data folder.</summary>
    public string LedgerFileName { get; set; } = "privacy.db";

    /// <summary>How long released reports and their noisy cells are kept in the ledger (budget rows are kept for auditors).</summary>
    public TimeSpan ReportRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often windows are closed, reports released and unsent reports retried.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(5);
}
