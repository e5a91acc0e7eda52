using Edge.Contracts;
using Edge.Ingest.Telemetry;
using Edge.Kernel;
using Edge.StoreForward.Outbox;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Edge.StoreForward.Tests.Outbox;

/// <summary>Temp folders, outboxes on a fake clock, and messages built from raw readings.</summary>
internal sealed class OutboxTestKit : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    public OutboxTestKit()
    {
        // Policy tests need SQLite, not the disk's fsync latency (~150 commits/s on a busy CI disk): use tmpfs when there is one.
        var root = System.IO.Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        Directory = Path.Combine(root, "edge-outbox-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Time = new FakeTimeProvider(Start);
    }

    public string Directory { get; }

    public FakeTimeProvider Time { get; }

    public string OutboxPath => Path.Combine(Directory, "outbox.db");

    public long FreeDiskBytes { get; set; } = long.MaxValue / 2;

    public SqliteOutbox Open(OutboxOptions? options = null, TimeProvider? clock = null) =>
        new(OutboxPath, options ?? new OutboxOptions(), clock ?? Time, NullLogger.Instance, () => FreeDiskBytes);

    public static MachineSummary Summary(string machine, DateTimeOffset start, TimeSpan window, params double[] readings)
    {
        var statistics = new RunningStatistics();
        foreach (var value in readings)
        {
            statistics.Add(value);
        }

        return new MachineSummary
        {
            MachineId = machine,
            WindowStart = start,
            WindowEnd = start + window,
            Sensors =
            [
                new SensorSummary
                {
                    Sensor = "temperature",
                    Unit = "degC",
                    Count = statistics.Count,
                    Mean = statistics.Mean,
                    Min = statistics.Min,
                    Max = statistics.Max,
                    StandardDeviation = statistics.StandardDeviation,
                },
            ],
        };
    }

    public static FailureAlert Alert(int number, DateTimeOffset at) => new()
    {
        AlertId = "alert-" + number,
        MachineId = "press-01",
        AlertKind = AlertKinds.FailureLikely,
        Severity = "critical",
        State = "open",
        Reason = "bearing temperature rising",
        FirstSeen = at,
        LastUpdated = at,
    };

    public static GatewayHealth Health(TimeSpan uptime) => new() { Version = "test", Uptime = uptime };

    public static long SourceRecords(OutboxStatus status, PriorityClass priority) =>
        status.Classes.Single(c => c.Class == priority.ToString()).SourceRecords;

    public static long Dropped(OutboxStatus status, PriorityClass priority) =>
        status.Classes.Single(c => c.Class == priority.ToString()).Dropped.Values.Sum();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
