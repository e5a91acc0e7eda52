using System.Globalization;
using System.Text;
using System.Text.Json;
using Edge.Contracts;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.StoreForward.Outbox;

/// <summary>
/// The durability boundary: uplink messages are committed here, in batches, before anything is sent.
/// WAL with <c>synchronous=FULL</c>, so a committed record survives power loss. The sequence is SQLite's
/// AUTOINCREMENT rowid: strictly increasing and never reused, also across restarts, deletions and a corrupt file
/// replaced by a fresh one (<see cref="SequenceFloor"/>). A record leaves only when the cloud broker acknowledged it,
/// or under the declared overflow policy and time-to-live, counted by class and reason.
/// </summary>
public sealed partial class SqliteOutbox : IOutboxWriter, IDisposable
{
    private const int SqliteFull = 13;
    private const int SqliteIoError = 10;
    private const long PublishedReserve = 1000;

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly OutboxOptions _options;
    private readonly ILogger _logger;
    private readonly Func<long> _freeDiskBytes;
    private readonly OutboxLedger _ledger = new();
    private readonly OverflowPolicy _policy;
    private readonly SequenceFloor _floor;
    private readonly long[] _publishedHighWater = new long[OutboxLedger.ClassCount];
    private readonly long[] _persistedHighWater = new long[OutboxLedger.ClassCount];
    private readonly List<(UplinkMessage Message, bool ClockSynchronized)> _spill = [];
    private readonly Dictionary<string, string> _warnings = new(StringComparer.Ordinal);
    private readonly RateMeter _appendRate;
    private readonly RateMeter _appendBytesRate;
    private readonly RateMeter _drainRate;
    private long _lastSequence;
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SqliteOutbox(string path, TimeProvider timeProvider)
        : this(path, new OutboxOptions(), timeProvider, NullLogger.Instance)
    {
    }

    public SqliteOutbox(string path, OutboxOptions options, TimeProvider timeProvider, ILogger logger, Func<long>? freeDiskBytes = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        Path = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        _freeDiskBytes = freeDiskBytes ?? (() => new DriveInfo(directory).AvailableFreeSpace);
        _appendRate = new RateMeter(timeProvider);
        _appendBytesRate = new RateMeter(timeProvider);
        _drainRate = new RateMeter(timeProvider);
        _floor = new SequenceFloor(Path + ".seq");
        _connection = OutboxDatabase.Open(Path, timeProvider, out var quarantinedTo);
        if (quarantinedTo is not null)
        {
            RecoveredFromCorruption = true;
            var aside = System.IO.Path.GetFileName(quarantinedTo);
            Warn("corrupt", $"The outbox was unreadable at start and was moved aside to {aside}; a fresh outbox was started.");
            LogQuarantined(aside);
        }

        Load();
        _policy = new OverflowPolicy(_connection, _ledger, _publishedHighWater, _options);
    }

    public string Path { get; }

    /// <summary>Set when the outbox file was unreadable at start and moved aside.</summary>
    public bool RecoveredFromCorruption { get; }

    /// <inheritdoc />
    public IReadOnlyList<long> Append(IReadOnlyList<UplinkMessage> messages, bool? clockSynchronized = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var sequences = new long[messages.Count];
        if (messages.Count == 0)
        {
            return sequences;
        }

        var synchronized = clockSynchronized ?? IsClockSynchronized();
        lock (_gate)
        {
            if (!synchronized)
            {
                Warn("clock", "The clock is not synchronized; records are flagged and kept regardless of age.");
            }

            var batch = new List<(UplinkMessage, bool)>(messages.Count);
            foreach (var message in messages)
            {
                batch.Add((message, synchronized));
            }

            if (!TryCommitSpill() || !TryCommit(batch, sequences))
            {
                Spill(batch);
            }
        }

        Signal();
        return sequences;
    }

    /// <summary>The next records to send: highest class first, then oldest first.</summary>
    public IReadOnlyList<OutboxRecord> Peek(int max) => Read(max, markPublished: false, inFlight: null);

    /// <summary>
    /// Like <see cref="Peek"/>, and records durably that these records may now reach the cloud, so the overflow policy
    /// no longer merges or drops them.
    /// </summary>
    public IReadOnlyList<OutboxRecord> Lease(int max) => Read(max, markPublished: true, inFlight: null);

    /// <summary>
    /// Like <see cref="Lease(int)"/>, skipping the records in <paramref name="inFlight"/> (sent, PUBACK not yet
    /// checkpointed): the uplink leases its next round while the previous one is still being acknowledged.
    /// </summary>
    public IReadOnlyList<OutboxRecord> Lease(int max, IReadOnlySet<long> inFlight)
    {
        ArgumentNullException.ThrowIfNull(inFlight);
        return Read(max, markPublished: true, inFlight);
    }

    /// <summary>Deletes records the cloud acknowledged.</summary>
    public void Acknowledge(IReadOnlyCollection<long> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            var removed = new List<(PriorityClass, long, long)>(sequences.Count);
            // One statement for the whole acknowledgement (the sequences as a JSON array, a few KB for a round), not
            // one execution per record: each execution through Microsoft.Data.Sqlite costs more than SQLite's delete.
            var list = new StringBuilder(sequences.Count * 8).Append('[');
            foreach (var sequence in sequences)
            {
                list.Append(list.Length == 1 ? "" : ",").Append(CultureInfo.InvariantCulture, $"{sequence}");
            }

            using (var transaction = _connection.BeginTransaction())
            {
                using (var delete = Command("DELETE FROM outbox WHERE sequence IN (SELECT value FROM json_each($sequences)) RETURNING priority, weight, length(payload);", transaction))
                {
                    delete.Parameters.Add("$sequences", SqliteType.Text).Value = list.Append(']').ToString();
                    using var reader = delete.ExecuteReader();
                    while (reader.Read())
                    {
                        removed.Add(((PriorityClass)reader.GetInt32(0), reader.GetInt64(1), reader.GetInt64(2) + OutboxDatabase.RowOverheadBytes));
                    }
                }

                transaction.Commit();
            }

            foreach (var (priority, weight, bytes) in removed)
            {
                _ledger.Removed(priority, weight, bytes);
            }

            _drainRate.Add(removed.Count);
        }
    }

    /// <summary>Records waiting to be sent.</summary>
    public long Backlog
    {
        get
        {
            lock (_gate)
            {
                return _ledger.TotalRecords;
            }
        }
    }

    /// <summary>Bytes the waiting records take (payload plus a fixed per-row overhead); what the cap is measured against.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _ledger.TotalBytes;
            }
        }
    }

    /// <summary>Highest sequence ever committed (0 when none).</summary>
    public long LastSequence
    {
        get
        {
            lock (_gate)
            {
                return _lastSequence;
            }
        }
    }

    /// <summary>Current health warnings.</summary>
    public IReadOnlyList<string> Warnings
    {
        get
        {
            lock (_gate)
            {
                return [.. _warnings.Values];
            }
        }
    }

    /// <summary>
    /// Completes at the next append. Take it <em>before</em> peeking, so an append between the peek and the wait is not missed.
    /// </summary>
    public Task NextAppend => Volatile.Read(ref _appended).Task;

    /// <summary>
    /// Periodic housekeeping: retries records spilled to memory, expires records past their time-to-live and applies
    /// the free-disk floor. Returns the number of source records that expired.
    /// </summary>
    public long Maintain()
    {
        long expired = 0;
        bool committedSpill;
        lock (_gate)
        {
            committedSpill = _spill.Count > 0 && TryCommitSpill();
            try
            {
                expired = _policy.Expire(_timeProvider.GetUtcNow());
                if (_freeDiskBytes() < _options.MinFreeDiskBytes)
                {
                    // Appends below the floor give back what they take (see TryCommit), so the file stops growing.
                    Warn("disk", "Free disk space is below Outbox:MinFreeDiskBytes; the outbox no longer grows and drops by policy.");
                }
                else
                {
                    _warnings.Remove("disk");
                }
            }
            catch (SqliteException exception) when (IsStorageError(exception))
            {
                StorageFailed(exception);
            }

            if (expired > 0)
            {
                Warn("dropped", DroppedWarning());
                LogExpired(expired);
            }
        }

        if (committedSpill)
        {
            Signal();
        }

        return expired;
    }

    /// <summary>Caps the file at <paramref name="pages"/> pages so tests can make SQLite report a full disk.</summary>
    internal void LimitPages(long pages)
    {
        lock (_gate)
        {
            OutboxDatabase.Execute(_connection, "PRAGMA max_page_count=" + pages.ToString(CultureInfo.InvariantCulture) + ";");
        }
    }

    /// <summary>
    /// Turns off fsync for this connection. Only for the power-loss test's negative control, which must show that the
    /// test detects the loss <c>synchronous=FULL</c> prevents.
    /// </summary>
    internal void DisableFsyncForNegativeControl()
    {
        lock (_gate)
        {
            OutboxDatabase.Execute(_connection, "PRAGMA synchronous=OFF;");
        }
    }

    public void Dispose()
    {
        _connection.Dispose();
    }

    private bool IsClockSynchronized() => _timeProvider.GetUtcNow() >= _options.MinimumPlausibleTime;

    private bool TryCommit(List<(UplinkMessage Message, bool ClockSynchronized)> batch, long[]? sequences)
    {
        var payloads = new byte[batch.Count][];
        long added = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            payloads[i] = JsonSerializer.SerializeToUtf8Bytes(batch[i].Message, ContractsJsonContext.Default.UplinkMessage);
            added += payloads[i].Length + OutboxDatabase.RowOverheadBytes;
        }

        var before = _ledger.TotalBytes;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                Insert(batch, payloads, sequences);
                break;
            }
            catch (SqliteException exception) when (IsStorageError(exception))
            {
                StorageFailed(exception);
                // Make room inside the file (freed pages are reused), then try once more.
                if (attempt > 0 || !TryReduce(Math.Max(0, before - added), DropReason.StorageError))
                {
                    return false;
                }
            }
        }

        _appendRate.Add(batch.Count);
        _appendBytesRate.Add(added);
        if (_warnings.Remove("storage"))
        {
            LogStorageRecovered();
        }

        try
        {
            if (_ledger.TotalBytes > _options.MaxBytes)
            {
                ReduceOrWarn(_options.MaxBytes, DropReason.Overflow);
            }
            else if (_freeDiskBytes() < _options.MinFreeDiskBytes)
            {
                // Below the floor the outbox must not grow: give back at least what this batch took.
                ReduceOrWarn(before, DropReason.DiskFloor);
            }
        }
        catch (SqliteException exception) when (IsStorageError(exception))
        {
            StorageFailed(exception);
        }

        return true;
    }

    private void Insert(List<(UplinkMessage Message, bool ClockSynchronized)> batch, byte[][] payloads, long[]? sequences)
    {
        _floor.Cover(_lastSequence + batch.Count);
        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var committed = new long[batch.Count];
        using (var transaction = _connection.BeginTransaction())
        {
            using var insert = Command("""
                INSERT INTO outbox (priority, kind, committed_at_ms, clock_synchronized, payload, weight)
                VALUES ($priority, $kind, $at, $synchronized, $payload, $weight) RETURNING sequence;
                """, transaction);
            var priority = insert.Parameters.Add("$priority", SqliteType.Integer);
            var kind = insert.Parameters.Add("$kind", SqliteType.Text);
            insert.Parameters.AddWithValue("$at", now);
            var synchronized = insert.Parameters.Add("$synchronized", SqliteType.Integer);
            var payload = insert.Parameters.Add("$payload", SqliteType.Blob);
            var weight = insert.Parameters.Add("$weight", SqliteType.Integer);
            for (var i = 0; i < batch.Count; i++)
            {
                var message = batch[i].Message;
                priority.Value = (int)message.Priority;
                kind.Value = message.Kind;
                synchronized.Value = batch[i].ClockSynchronized ? 1 : 0;
                payload.Value = payloads[i];
                weight.Value = message is MachineSummary summary ? Math.Max(1, summary.MergedWindows) : 1;
                committed[i] = (long)insert.ExecuteScalar()!;
            }

            transaction.Commit();
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var message = batch[i].Message;
            _ledger.Added(message.Priority, message is MachineSummary summary ? Math.Max(1, summary.MergedWindows) : 1, payloads[i].Length + OutboxDatabase.RowOverheadBytes);
            _lastSequence = Math.Max(_lastSequence, committed[i]);
        }

        if (sequences is not null)
        {
            committed.CopyTo(sequences, 0);
        }
    }

    private bool TryCommitSpill()
    {
        if (_spill.Count == 0)
        {
            return true;
        }

        var spilled = new List<(UplinkMessage, bool)>(_spill);
        if (!TryCommit(spilled, null))
        {
            return false;
        }

        _spill.Clear();
        return true;
    }

    private void Spill(List<(UplinkMessage Message, bool ClockSynchronized)> batch)
    {
        _spill.AddRange(batch);
        // Over capacity, the oldest non-alert of the lowest class goes first; alerts stay in memory whatever it costs.
        while (_spill.Count > _options.SpillCapacity)
        {
            var victim = -1;
            for (var i = 0; i < _spill.Count; i++)
            {
                var priority = _spill[i].Message.Priority;
                if (priority != PriorityClass.Alert && (victim < 0 || priority > _spill[victim].Message.Priority))
                {
                    victim = i;
                }
            }

            if (victim < 0)
            {
                break;
            }

            var message = _spill[victim].Message;
            _ledger.Dropped(message.Priority, DropReason.StorageError, message is MachineSummary summary ? Math.Max(1, summary.MergedWindows) : 1);
            _spill.RemoveAt(victim);
            Warn("dropped", DroppedWarning());
        }

        Warn("storage", $"The file system refuses outbox writes; {_spill.Count.ToString(CultureInfo.InvariantCulture)} records are held in memory until it recovers.");
    }

    private bool TryReduce(long target, DropReason reason)
    {
        try
        {
            return _policy.Reduce(target, reason);
        }
        catch (SqliteException exception) when (IsStorageError(exception))
        {
            StorageFailed(exception);
            return false;
        }
    }

    private void ReduceOrWarn(long target, DropReason reason)
    {
        var dropped = _ledger.DroppedTotal();
        if (!_policy.Reduce(target, reason))
        {
            Warn("alerts-over-cap", "Alerts and records already handed to the uplink exceed the outbox limit; nothing else is left to drop.");
        }

        if (_ledger.DroppedTotal() > dropped)
        {
            Warn("dropped", DroppedWarning());
            LogDropped(_ledger.DroppedTotal() - dropped, reason);
        }
    }

    private List<OutboxRecord> Read(int max, bool markPublished, IReadOnlySet<long>? inFlight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var skip = inFlight?.Count ?? 0;
        var records = new List<OutboxRecord>(max);
        lock (_gate)
        {
            using (var select = Command("""
                SELECT sequence, priority, kind, committed_at_ms, clock_synchronized, payload
                FROM outbox ORDER BY priority, sequence LIMIT $max;
                """))
            {
                // The records in flight are still in the table; reading that many more rows is enough to skip them all.
                select.Parameters.AddWithValue("$max", max + skip);
                using var reader = select.ExecuteReader();
                while (records.Count < max && reader.Read())
                {
                    if (skip > 0 && inFlight!.Contains(reader.GetInt64(0)))
                    {
                        continue;
                    }

                    records.Add(new OutboxRecord(
                        reader.GetInt64(0),
                        (PriorityClass)reader.GetInt32(1),
                        reader.GetString(2),
                        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                        reader.GetInt32(4) != 0,
                        (byte[])reader.GetValue(5)));
                }
            }

            if (markPublished)
            {
                MarkPublished(records);
            }
        }

        return records;
    }

    private void MarkPublished(List<OutboxRecord> records)
    {
        var persist = false;
        foreach (var record in records)
        {
            var index = (int)record.Priority;
            _publishedHighWater[index] = Math.Max(_publishedHighWater[index], record.Sequence);
            persist |= _publishedHighWater[index] > _persistedHighWater[index];
        }

        if (!persist)
        {
            return;
        }

        // Durable before the first byte leaves: after a crash the policy must still know these may be in the cloud.
        // The mark is reserved ahead (one write per PublishedReserve sequences, not per round, to spare the SD card);
        // after a restart the policy treats the reserve as published too, which costs at most that many records of room.
        var reserved = new long[_persistedHighWater.Length];
        for (var i = 0; i < reserved.Length; i++)
        {
            reserved[i] = _publishedHighWater[i] > _persistedHighWater[i] ? _publishedHighWater[i] + PublishedReserve : _persistedHighWater[i];
        }

        using (var transaction = _connection.BeginTransaction())
        {
            using var upsert = Command("INSERT INTO outbox_meta (key, value) VALUES ($key, $value) ON CONFLICT(key) DO UPDATE SET value = excluded.value;", transaction);
            var key = upsert.Parameters.Add("$key", SqliteType.Text);
            var value = upsert.Parameters.Add("$value", SqliteType.Integer);
            for (var i = 0; i < reserved.Length; i++)
            {
                key.Value = "published:" + i.ToString(CultureInfo.InvariantCulture);
                value.Value = reserved[i];
                upsert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        reserved.CopyTo(_persistedHighWater, 0);
    }

    private void Load()
    {
        _lastSequence = OutboxDatabase.Scalar(_connection, "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0);");
        if (_lastSequence == 0 && _floor.Reserved > 0)
        {
            // A fresh file after a lost one: continue above every sequence ever handed out.
            OutboxDatabase.Execute(_connection, "INSERT INTO sqlite_sequence (name, seq) VALUES ('outbox', " + _floor.Reserved.ToString(CultureInfo.InvariantCulture) + ");");
            _lastSequence = _floor.Reserved;
        }

        using (var select = Command("SELECT priority, weight, length(payload) FROM outbox;"))
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read())
            {
                _ledger.Added((PriorityClass)reader.GetInt32(0), reader.GetInt64(1), reader.GetInt64(2) + OutboxDatabase.RowOverheadBytes);
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
                    _publishedHighWater[index] = reader.GetInt64(1);
                    _persistedHighWater[index] = reader.GetInt64(1);
                }
            }
        }
    }

    private void StorageFailed(SqliteException exception)
    {
        Warn("storage", $"The file system refuses outbox writes ({exception.SqliteErrorCode.ToString(CultureInfo.InvariantCulture)}: {exception.Message}).");
        LogStorageError(exception.SqliteErrorCode, exception.Message);
    }

    private string DroppedWarning()
    {
        var parts = new List<string>();
        foreach (var priority in Enum.GetValues<PriorityClass>())
        {
            foreach (var reason in Enum.GetValues<DropReason>())
            {
                var count = _ledger.DroppedCount(priority, reason);
                if (count > 0)
                {
                    parts.Add($"{priority} {reason}: {count.ToString(CultureInfo.InvariantCulture)}");
                }
            }
        }

        return "Records dropped under the outbox policy (" + string.Join(", ", parts) + ").";
    }

    private void Warn(string key, string message) => _warnings[key] = message;

    private static bool IsStorageError(SqliteException exception) =>
        (exception.SqliteErrorCode & 0xFF) is SqliteFull or SqliteIoError;

    private void Signal() =>
        Interlocked.Exchange(ref _appended, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Outbox was unreadable at start; moved aside to {File} and started fresh")]
    private partial void LogQuarantined(string file);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox storage error {Code}: {Reason}; records are held in memory and retried")]
    private partial void LogStorageError(int code, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox storage recovered")]
    private partial void LogStorageRecovered();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox dropped {Count} records ({Reason})")]
    private partial void LogDropped(long count, DropReason reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox expired {Count} records past their time-to-live")]
    private partial void LogExpired(long count);
}
