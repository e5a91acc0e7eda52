using System.Globalization;
using System.Text.Json;
using Edge.Contracts;
using Microsoft.Data.Sqlite;

namespace Edge.StoreForward.Outbox;

/// <summary>
/// The commit side of the outbox: appends in one transaction per batch, each record under a fresh AUTOINCREMENT sequence
/// (covered by the <see cref="SequenceFloor"/> before it is used), holds the batch in memory when the file system refuses
/// it, and applies the overflow policy when the cap or the free-disk floor is passed. Producers never see this type: the
/// host wires the egress guard around it as their <see cref="IOutboxWriter"/>.
/// </summary>
public sealed partial class OutboxStore : IOutboxWriter
{
    private readonly OutboxState _state;
    private readonly OverflowPolicy _policy;
    private readonly ILogger _logger;

    internal OutboxStore(OutboxState state, OverflowPolicy policy, ILogger logger)
    {
        _state = state;
        _policy = policy;
        _logger = logger;
    }

    /// <inheritdoc />
    public IReadOnlyList<long> Append(IReadOnlyList<UplinkMessage> messages, bool? clockSynchronized = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var sequences = new long[messages.Count];
        if (messages.Count == 0)
        {
            return sequences;
        }

        var synchronized = clockSynchronized ?? _state.IsClockSynchronized();
        lock (_state.Gate)
        {
            if (!synchronized)
            {
                _state.Warn("clock", "The clock is not synchronized; records are flagged and kept regardless of age.");
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

        _state.Signal();
        return sequences;
    }

    /// <summary>Commits the records held in memory, oldest first; true when none are left. The caller holds the lock.</summary>
    internal bool TryCommitSpill()
    {
        if (_state.Spill.Count == 0)
        {
            return true;
        }

        var spilled = new List<(UplinkMessage, bool)>(_state.Spill);
        if (!TryCommit(spilled, null))
        {
            return false;
        }

        _state.Spill.Clear();
        return true;
    }

    private bool TryCommit(List<(UplinkMessage Message, bool ClockSynchronized)> batch, long[]? sequences)
    {
        var payloads = new byte[batch.Count][];
        long added = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            payloads[i] = JsonSerializer.SerializeToUtf8Bytes(batch[i].Message, ContractsJsonContext.Default.UplinkMessage);
            added += payloads[i].Length + OutboxDatabase.RowOverheadBytes;
        }

        var ledger = _state.Ledger;
        var options = _state.Options;
        var before = ledger.TotalBytes;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                Insert(batch, payloads, sequences);
                break;
            }
            catch (SqliteException exception) when (OutboxState.IsStorageError(exception))
            {
                _state.StorageFailed(exception);
                // Make room inside the file (freed pages are reused), then try once more.
                if (attempt > 0 || !TryReduce(Math.Max(0, before - added), DropReason.StorageError))
                {
                    return false;
                }
            }
        }

        _state.AppendRate.Add(batch.Count);
        _state.AppendBytesRate.Add(added);
        if (_state.ClearWarning("storage"))
        {
            LogStorageRecovered();
        }

        try
        {
            if (ledger.TotalBytes > options.MaxBytes)
            {
                ReduceOrWarn(options.MaxBytes, DropReason.Overflow);
            }
            else if (_state.FreeDiskBytes() < options.MinFreeDiskBytes)
            {
                // Below the floor the outbox must not grow: give back at least what this batch took.
                ReduceOrWarn(before, DropReason.DiskFloor);
            }
        }
        catch (SqliteException exception) when (OutboxState.IsStorageError(exception))
        {
            _state.StorageFailed(exception);
        }

        return true;
    }

    private void Insert(List<(UplinkMessage Message, bool ClockSynchronized)> batch, byte[][] payloads, long[]? sequences)
    {
        _state.Floor.Cover(_state.LastSequence + batch.Count);
        var now = _state.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var committed = new long[batch.Count];
        using (var transaction = _state.Connection.BeginTransaction())
        {
            using var insert = _state.Command("""
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
                weight.Value = Weight(message);
                committed[i] = (long)insert.ExecuteScalar()!;
            }

            transaction.Commit();
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var message = batch[i].Message;
            _state.Ledger.Added(message.Priority, Weight(message), payloads[i].Length + OutboxDatabase.RowOverheadBytes);
            _state.LastSequence = Math.Max(_state.LastSequence, committed[i]);
        }

        if (sequences is not null)
        {
            committed.CopyTo(sequences, 0);
        }
    }

    private void Spill(List<(UplinkMessage Message, bool ClockSynchronized)> batch)
    {
        var spill = _state.Spill;
        spill.AddRange(batch);
        // Over capacity, the oldest non-alert of the lowest class goes first; alerts stay in memory whatever it costs.
        while (spill.Count > _state.Options.SpillCapacity)
        {
            var victim = -1;
            for (var i = 0; i < spill.Count; i++)
            {
                var priority = spill[i].Message.Priority;
                if (priority != PriorityClass.Alert && (victim < 0 || priority > spill[victim].Message.Priority))
                {
                    victim = i;
                }
            }

            if (victim < 0)
            {
                break;
            }

            var message = spill[victim].Message;
            _state.Ledger.Dropped(message.Priority, DropReason.StorageError, Weight(message));
            spill.RemoveAt(victim);
            _state.WarnDropped();
        }

        _state.Warn("storage", $"The file system refuses outbox writes; {spill.Count.ToString(CultureInfo.InvariantCulture)} records are held in memory until it recovers.");
    }

    private bool TryReduce(long target, DropReason reason)
    {
        try
        {
            return _policy.Reduce(target, reason);
        }
        catch (SqliteException exception) when (OutboxState.IsStorageError(exception))
        {
            _state.StorageFailed(exception);
            return false;
        }
    }

    private void ReduceOrWarn(long target, DropReason reason)
    {
        var ledger = _state.Ledger;
        var dropped = ledger.DroppedTotal();
        if (!_policy.Reduce(target, reason))
        {
            _state.Warn("alerts-over-cap", "Alerts and records already handed to the uplink exceed the outbox limit; nothing else is left to drop.");
        }

        if (ledger.DroppedTotal() > dropped)
        {
            _state.WarnDropped();
            LogDropped(ledger.DroppedTotal() - dropped, reason);
        }
    }

    /// <summary>Source records a stored record stands for: a merged summary counts every window it holds.</summary>
    private static long Weight(UplinkMessage message) => message is MachineSummary summary ? Math.Max(1, summary.MergedWindows) : 1;

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox storage recovered")]
    private partial void LogStorageRecovered();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox dropped {Count} records ({Reason})")]
    private partial void LogDropped(long count, DropReason reason);
}
