using System.Globalization;
using Edge.Contracts;
using Microsoft.Data.Sqlite;

namespace Edge.StoreForward.Outbox;

/// <summary>
/// What the parts of one outbox share: the connection, the lock every read and write of the file or of these counters
/// takes, the ledger, the published high-water marks, the records held in memory while the disk refuses them, the
/// warnings and the rates. The parts (<see cref="OutboxStore"/>, <see cref="OutboxLeases"/>, <see cref="OutboxMaintenance"/>,
/// <see cref="OutboxMonitor"/>) keep the behaviour; this object only holds the state, so none of them owns another's.
/// Members other than <see cref="Gate"/>, <see cref="NextAppend"/> and <see cref="Signal"/> are used under the lock.
/// </summary>
internal sealed partial class OutboxState
{
    private const int SqliteFull = 13;
    private const int SqliteIoError = 10;

    private readonly Dictionary<string, string> _warnings = new(StringComparer.Ordinal);
    private readonly ILogger _logger;
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public OutboxState(string path, SqliteConnection connection, OutboxOptions options, TimeProvider timeProvider, ILogger logger, Func<long> freeDiskBytes)
    {
        Path = path;
        Connection = connection;
        Options = options;
        TimeProvider = timeProvider;
        _logger = logger;
        FreeDiskBytes = freeDiskBytes;
        AppendRate = new RateMeter(timeProvider);
        AppendBytesRate = new RateMeter(timeProvider);
        DrainRate = new RateMeter(timeProvider);
        Floor = new SequenceFloor(path + ".seq");
    }

    public string Path { get; }

    public SqliteConnection Connection { get; }

    public Lock Gate { get; } = new();

    public OutboxOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public Func<long> FreeDiskBytes { get; }

    public OutboxLedger Ledger { get; } = new();

    public SequenceFloor Floor { get; }

    /// <summary>Per class, the highest sequence ever leased to the uplink: the overflow policy leaves these and older alone.</summary>
    public long[] PublishedHighWater { get; } = new long[OutboxLedger.ClassCount];

    /// <summary>Per class, the published mark as last written to the file (reserved ahead of <see cref="PublishedHighWater"/>).</summary>
    public long[] PersistedHighWater { get; } = new long[OutboxLedger.ClassCount];

    /// <summary>Records held in memory while the file system refuses writes, committed first once it accepts them again.</summary>
    public List<(UplinkMessage Message, bool ClockSynchronized)> Spill { get; } = [];

    public RateMeter AppendRate { get; }

    public RateMeter AppendBytesRate { get; }

    public RateMeter DrainRate { get; }

    /// <summary>Highest sequence ever committed (0 when none).</summary>
    public long LastSequence { get; set; }

    public IReadOnlyCollection<string> Warnings => _warnings.Values;

    /// <summary>Completes at the next append; replaced by <see cref="Signal"/>.</summary>
    public Task NextAppend => Volatile.Read(ref _appended).Task;

    /// <summary>Reads what the file holds into the counters: the last sequence, the backlog and the published marks.</summary>
    public void Load()
    {
        LastSequence = OutboxDatabase.Scalar(Connection, "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0);");
        if (LastSequence == 0 && Floor.Reserved > 0)
        {
            // A fresh file after a lost one: continue above every sequence ever handed out.
            OutboxDatabase.Execute(Connection, "INSERT INTO sqlite_sequence (name, seq) VALUES ('outbox', " + Floor.Reserved.ToString(CultureInfo.InvariantCulture) + ");");
            LastSequence = Floor.Reserved;
        }

        using (var select = Command("SELECT priority, weight, length(payload) FROM outbox;"))
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read())
            {
                Ledger.Added((PriorityClass)reader.GetInt32(0), reader.GetInt64(1), reader.GetInt64(2) + OutboxDatabase.RowOverheadBytes);
            }
        }

        using (var meta = Command("SELECT key, value FROM outbox_meta WHERE key LIKE 'published:%';"))
        using (var reader = meta.ExecuteReader())
        {
            while (reader.Read())
            {
                var index = int.Parse(reader.GetString(0).AsSpan("published:".Length), CultureInfo.InvariantCulture);
                if (index is >= 0 and < OutboxLedger.ClassCount)
                {
                    PublishedHighWater[index] = reader.GetInt64(1);
                    PersistedHighWater[index] = reader.GetInt64(1);
                }
            }
        }
    }

    public bool IsClockSynchronized() => TimeProvider.GetUtcNow() >= Options.MinimumPlausibleTime;

    public void Warn(string key, string message) => _warnings[key] = message;

    public bool ClearWarning(string key) => _warnings.Remove(key);

    public void WarnDropped() => Warn("dropped", DroppedWarning());

    public void StorageFailed(SqliteException exception)
    {
        Warn("storage", $"The file system refuses outbox writes ({exception.SqliteErrorCode.ToString(CultureInfo.InvariantCulture)}: {exception.Message}).");
        LogStorageError(exception.SqliteErrorCode, exception.Message);
    }

    /// <summary>Wakes whoever waits on <see cref="NextAppend"/>.</summary>
    public void Signal() =>
        Interlocked.Exchange(ref _appended, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        var command = Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    public static bool IsStorageError(SqliteException exception) =>
        (exception.SqliteErrorCode & 0xFF) is SqliteFull or SqliteIoError;

    private string DroppedWarning()
    {
        var parts = new List<string>();
        foreach (var priority in Enum.GetValues<PriorityClass>())
        {
            foreach (var reason in Enum.GetValues<DropReason>())
            {
                var count = Ledger.DroppedCount(priority, reason);
                if (count > 0)
                {
                    parts.Add($"{priority} {reason}: {count.ToString(CultureInfo.InvariantCulture)}");
                }
            }
        }

        return "Records dropped under the outbox policy (" + string.Join(", ", parts) + ").";
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox storage error {Code}: {Reason}; records are held in memory and retried")]
    private partial void LogStorageError(int code, string reason);
}
