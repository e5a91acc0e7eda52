using Edge.Gateway.Hosting;
using Edge.Kernel;
using Edge.Privacy;
using Edge.StoreForward.Outbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Privacy.Tests;

/// <summary>One visit report as the beacon side would make it: device number, zone, entry and (when closed) exit.</summary>
internal readonly record struct VisitEvent(DateTimeOffset At, int Device, string Zone, DateTimeOffset Entered, DateTimeOffset? Left);

/// <summary>Builds the footfall pipeline on a fake clock and a temp folder, and replays visit scenarios through it.</summary>
internal sealed class FootfallTestKit : IDisposable
{
    public static readonly DateOnly Day = new(2026, 11, 30);

    public FootfallTestKit(PrivacyOptions options, UniformSource? random = null, string? folder = null, ILoggerFactory? loggers = null)
    {
        Loggers = loggers ?? NullLoggerFactory.Instance;
        Options = options;
        _ownsFolder = folder is null;
        Folder = folder ?? Directory.CreateTempSubdirectory("edge-privacy-").FullName;
        Time = new FakeTimeProvider(At(8, 50));
        Counters = new PrivacyCounters();
        Calendar = new FootfallCalendar(Microsoft.Extensions.Options.Options.Create(options), Time);
        Accumulator = new FootfallAccumulator(Time, Calendar, Microsoft.Extensions.Options.Options.Create(options), Counters);
        Random = random ?? CryptoUniformSource.Instance;
    }

    private readonly bool _ownsFolder;

    public ILoggerFactory Loggers { get; }

    public PrivacyOptions Options { get; }

    public string Folder { get; }

    public FakeTimeProvider Time { get; }

    public PrivacyCounters Counters { get; }

    public FootfallCalendar Calendar { get; }

    public FootfallAccumulator Accumulator { get; }

    public UniformSource Random { get; }

    // Storage opens on first use: accumulator-only tests never pay for SQLite files.
    public PrivacyLedger Ledger => Storage().Ledger;

    public SqliteOutbox Outbox => Storage().Outbox;

    public FootfallReleaser Releaser => Storage().Releaser;

    public FootfallReleaserDependencies Dependencies => Storage().Dependencies;

    public EgressGuard Guard => Storage().Guard;

    private (PrivacyLedger Ledger, SqliteOutbox Outbox, FootfallReleaser Releaser, FootfallReleaserDependencies Dependencies, EgressGuard Guard)? _storage;

    public static PrivacyOptions DefaultOptions(params string[] zones) => new()
    {
        StoreId = "store-test",
        Zones = zones.Length == 0 ? ["entrance", "bakery", "checkout"] : [.. zones],
        OpeningTime = new TimeOnly(9, 0),
        ClosingTime = new TimeOnly(12, 0),
        Window = TimeSpan.FromHours(1),
        EpsilonPerDay = 1.0,
        ReleasesPerDay = 1,
        MaxCellsPerDevicePerDay = 2,
        MaxDwell = TimeSpan.FromMinutes(30),
        KeyRotationTime = new TimeOnly(4, 0),
    };

    public static DateTimeOffset At(int hour, int minute, int second = 0) =>
        new(Day.ToDateTime(new TimeOnly(hour, minute, second)), TimeSpan.Zero);

    public static Pseudonym Device(int number, int epoch = 0) => new((ulong)number, 0x5eed, epoch);

    /// <summary>Closes ledger and outbox as a killed process would leave them, then reopens both from the same files.</summary>
    public void Restart()
    {
        Ledger.Dispose();
        Outbox.Dispose();
        _storage = null;
    }

    /// <summary>Replays <paramref name="events"/> in time order, then runs the clock to <paramref name="end"/> and closes windows.</summary>
    public IReadOnlyList<WindowTally> Replay(IEnumerable<VisitEvent> events, DateTimeOffset end)
    {
        var tallies = new List<WindowTally>();
        foreach (var visit in events.OrderBy(e => e.At))
        {
            RunTo(visit.At, tallies);
            Accumulator.Record(new ZoneVisit(Device(visit.Device), visit.Zone, visit.Entered, visit.Left));
            tallies.AddRange(Accumulator.DrainClosedWindows());
        }

        RunTo(end, tallies);
        return tallies;
    }

    /// <summary>Moves the clock to <paramref name="until"/> in one-minute ticks, as the footfall service would see it.</summary>
    public void RunTo(DateTimeOffset until, List<WindowTally>? tallies = null)
    {
        while (Time.GetUtcNow() < until)
        {
            var next = Time.GetUtcNow().AddMinutes(1);
            Time.SetUtcNow(next < until ? next : until);
            Accumulator.Advance(Time.GetUtcNow());
            tallies?.AddRange(Accumulator.DrainClosedWindows());
        }
    }

    public FootfallService Service(Pseudonymizer pseudonymizer) =>
        new(pseudonymizer, Accumulator, Releaser, Dependencies, Loggers.CreateLogger<FootfallService>());

    public PrivacyTransparency Transparency() => new(
        Microsoft.Extensions.Options.Options.Create(Options),
        Microsoft.Extensions.Options.Options.Create(new GatewayOptions { Id = "gw-test" }),
        Calendar,
        Ledger,
        Counters,
        Time);

    private (PrivacyLedger Ledger, SqliteOutbox Outbox, FootfallReleaser Releaser, FootfallReleaserDependencies Dependencies, EgressGuard Guard) Storage()
    {
        if (_storage is { } storage)
        {
            return storage;
        }

        var ledger = new PrivacyLedger(Path.Combine(Folder, "privacy.db"));
        var outbox = new SqliteOutbox(Path.Combine(Folder, "outbox.db"), Time);
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        var dependencies = new FootfallReleaserDependencies(options, Calendar, ledger, Random, Time, Counters);
        var guard = new EgressGuard(outbox.Store, options, Counters, Loggers.CreateLogger<EgressGuard>());
        var releaser = new FootfallReleaser(dependencies, guard, Loggers.CreateLogger<FootfallReleaser>());
        _storage = (ledger, outbox, releaser, dependencies, guard);
        return _storage.Value;
    }

    public void Dispose()
    {
        if (_storage is { } storage)
        {
            storage.Ledger.Dispose();
            storage.Outbox.Dispose();
        }

        Counters.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!_ownsFolder)
        {
            return;
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind does not change any result.
        }
    }
}
