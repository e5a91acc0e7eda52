using Edge.Contracts;
using Edge.Kernel;
using Microsoft.Extensions.Options;

namespace Edge.Privacy;

/// <summary>Builds the <see cref="PrivacyReport"/> from configuration, the ledger and today's counters.</summary>
internal sealed class PrivacyTransparency
{
    private const string UnitOfPrivacy =
        "one address-epoch: one device address (phones change theirs about every 15 minutes) under one daily key. " +
        "A person whose phone used m addresses today is protected with epsilon up to m times the daily epsilon.";

    private readonly PrivacyOptions _options;
    private readonly string _gatewayId;
    private readonly FootfallCalendar _calendar;
    private readonly PrivacyLedger _ledger;
    private readonly PrivacyCounters _counters;
    private readonly TimeProvider _timeProvider;

    public PrivacyTransparency(
        IOptions<PrivacyOptions> options,
        IOptions<GatewayOptions> gateway,
        FootfallCalendar calendar,
        PrivacyLedger ledger,
        PrivacyCounters counters,
        TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gateway);
        _options = options.Value;
        _gatewayId = gateway.Value.Id;
        _calendar = calendar;
        _ledger = ledger;
        _counters = counters;
        _timeProvider = timeProvider;
    }

    public PrivacyReport Build()
    {
        var now = _timeProvider.GetUtcNow();
        var day = _calendar.StoreDay(now);
        var plan = _calendar.PlanFor(day);
        var calibration = ReleaseCalibration.For(_options, plan, 0);
        var (spent, refused) = _ledger.Budget(day);
        var counters = _counters.Day == day ? _counters.Snapshot() : _ledger.LoadCounters(day);
        var releases = new List<ReleaseSummary>();
        foreach (var release in _ledger.Releases(day))
        {
            var message = System.Text.Json.JsonSerializer.Deserialize(release.Payload, ContractsJsonContext.Default.UplinkMessage) as FootfallReport;
            releases.Add(new ReleaseSummary(
                release.ReleaseIndex,
                release.EpsilonMicros / (double)ReleaseCalibration.MicrosPerUnit,
                release.ReleasedAt,
                release.OutboxSequence is not null,
                message?.Cells.Count ?? 0));
        }

        return new PrivacyReport
        {
            StoreId = _options.StoreId,
            GeneratedAt = now,
            Day = day,
            UnitOfPrivacy = UnitOfPrivacy,
            CollectionEnabled = _options.CollectionEnabled,
            OpeningTime = _options.OpeningTime,
            ClosingTime = _options.ClosingTime,
            TimeZone = _calendar.TimeZone.Id,
            EpsilonPerDay = ReleaseCalibration.DayBudgetMicros(_options) / (double)ReleaseCalibration.MicrosPerUnit,
            EpsilonSpentToday = spent / (double)ReleaseCalibration.MicrosPerUnit,
            EpsilonPerRelease = calibration.Epsilon,
            ReleasesPerDay = _options.ReleasesPerDay,
            ReleasesRefusedToday = refused,
            MaxCellsPerDevicePerDay = _options.MaxCellsPerDevicePerDay,
            SuppressBelow = _options.SuppressBelow,
            Window = _options.Window,
            MaxDwell = _options.MaxDwell,
            CountNoise95 = calibration.CountNoise.HalfWidth(0.95),
            DwellSecondsNoise95 = calibration.DwellNoise.HalfWidth(0.95),
            KeyRotationLocalTime = _options.KeyRotationTime,
            NextKeyRotation = _calendar.NextRotation(now),
            OptOutBeaconUuidCount = _options.OptOutBeaconUuids.Count,
            DenyListCount = _options.DenyList.Count,
            Retention = Retention(),
            Counters = counters.ToDictionary(p => PrivacyCounters.ToSnakeCase(p.Key.ToString()), p => p.Value),
            OutboundTopics = OutboundSchema.Topics(_gatewayId),
            ReleasesToday = releases,
        };
    }

    private List<RetentionRule> Retention() =>
    [
        new("raw addresses, beacon UUIDs, advertisement bytes", "beacon input adapters, in memory", "until pseudonymized (the same call); never stored, logged or sent"),
        new("pseudonym key (HMAC-SHA256, 256 bit)", "memory only, pinned, zeroed on replacement", $"one key day: replaced at {_options.KeyRotationTime:HH\\:mm} local and at every restart"),
        new("where and how long a pseudonym was", "memory only", $"until its window closes ({_options.Window})"),
        new("cells used today per pseudonym (one integer)", "memory only", "until the key rotates or the store day ends"),
        new("opted-out / deny-listed devices", "nowhere: a 4096-bit count sketch under a throwaway key", "the key is replaced daily"),
        new("noisy cells and released reports (numbers only)", "ledger in the data folder", $"{_options.ReportRetention.TotalDays:0} days"),
        new("epsilon spent per day", "ledger in the data folder", "kept for auditors"),
    ];
}
