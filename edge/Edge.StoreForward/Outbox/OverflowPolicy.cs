using System.Text.Json;
using Edge.Contracts;
using Microsoft.Data.Sqlite;

namespace Edge.StoreForward.Outbox;

/// <summary>
/// The declared overflow policy, applied under the outbox's lock: first downsample the oldest machine summaries
/// (merge adjacent windows of a machine, statistics exact), then drop the oldest records of the lowest class
/// (health, then machine summaries, then footfall). Alerts are never dropped.
/// Only records never handed to the uplink are touched: a record that may already be in the cloud is neither merged
/// (the cloud would keep the first version under the same sequence) nor counted as dropped.
/// </summary>
internal sealed class OverflowPolicy
{
    private const int MaxPageSize = 512;
    private static readonly PriorityClass[] s_dropOrder = [PriorityClass.Health, PriorityClass.MachineSummary, PriorityClass.Footfall];

    private readonly SqliteConnection _connection;
    private readonly OutboxLedger _ledger;
    private readonly long[] _publishedHighWater;
    private readonly OutboxOptions _options;

    // Summaries up to this sequence were swept without finding a pair to merge: later sweeps start after it, so an
    // outbox at its cap does not re-read its whole backlog at every append.
    private long _exhaustedThrough;

    public OverflowPolicy(SqliteConnection connection, OutboxLedger ledger, long[] publishedHighWater, OutboxOptions options)
    {
        _connection = connection;
        _ledger = ledger;
        _publishedHighWater = publishedHighWater;
        _options = options;
    }

    /// <summary>Brings the stored bytes down to <paramref name="targetBytes"/>; false when only alerts (or in-flight records) are left above it.</summary>
    public bool Reduce(long targetBytes, DropReason reason)
    {
        if (_ledger.TotalBytes <= targetBytes)
        {
            return true;
        }

        using var transaction = _connection.BeginTransaction();
        var changes = new List<Action>();
        var projected = _ledger.TotalBytes;
        projected = Downsample(transaction, targetBytes, projected, changes);
        foreach (var priority in s_dropOrder)
        {
            if (projected <= targetBytes)
            {
                break;
            }

            projected = DropOldest(transaction, priority, reason, targetBytes, projected, changes);
        }

        transaction.Commit();
        // The ledger follows the file only once the transaction is durable.
        foreach (var change in changes)
        {
            change();
        }

        return projected <= targetBytes;
    }

    /// <summary>Deletes records older than their class's time-to-live. Records stamped by an unsynchronized clock have no known age and stay.</summary>
    public long Expire(DateTimeOffset now)
    {
        long expired = 0;
        using var transaction = _connection.BeginTransaction();
        var changes = new List<Action>();
        foreach (var priority in Enum.GetValues<PriorityClass>())
        {
            var ttl = _options.TimeToLive(priority);
            if (ttl <= TimeSpan.Zero || priority == PriorityClass.Alert)
            {
                continue;
            }

            using var delete = Command(transaction, """
                DELETE FROM outbox WHERE priority = $priority AND clock_synchronized = 1 AND committed_at_ms < $cutoff AND sequence > $published
                RETURNING weight, length(payload);
                """);
            delete.Parameters.AddWithValue("$priority", (int)priority);
            delete.Parameters.AddWithValue("$cutoff", (now - ttl).ToUnixTimeMilliseconds());
            delete.Parameters.AddWithValue("$published", _publishedHighWater[(int)priority]);
            using var reader = delete.ExecuteReader();
            while (reader.Read())
            {
                var weight = reader.GetInt64(0);
                var bytes = reader.GetInt64(1) + OutboxDatabase.RowOverheadBytes;
                expired += weight;
                changes.Add(() =>
                {
                    _ledger.Removed(priority, weight, bytes);
                    _ledger.Dropped(priority, DropReason.Expired, weight);
                });
            }
        }

        transaction.Commit();
        foreach (var change in changes)
        {
            change();
        }

        return expired;
    }

    private long Downsample(SqliteTransaction transaction, long targetBytes, long projected, List<Action> changes)
    {
        var after = SweepStart();
        var mergedInSweep = false;
        // Adjacent = consecutive windows of the same machine among the rows still waiting, oldest first.
        var open = new Dictionary<string, SummaryRow>(StringComparer.Ordinal);
        // Rows before the first one that could still merge are settled: a row that cannot merge with its successor
        // never will (weights only grow), so later sweeps skip them.
        var firstUnsettled = long.MaxValue;
        var pageSize = 8;
        try
        {
            while (projected > targetBytes)
            {
                // Small pages first: at the cap a merge is usually found among the newest unsettled rows.
                var rows = ReadSummaries(transaction, after, pageSize);
                pageSize = Math.Min(pageSize * 2, MaxPageSize);
                if (rows.Count == 0)
                {
                    if (!mergedInSweep)
                    {
                        return projected;
                    }

                    // Another sweep from the oldest: windows merged once can merge again, up to MaxMergedWindows.
                    Settle(open, ref firstUnsettled, long.MaxValue);
                    after = SweepStart();
                    mergedInSweep = false;
                    open.Clear();
                    firstUnsettled = long.MaxValue;
                    continue;
                }

                foreach (var row in rows)
                {
                    after = row.Sequence;
                    if (projected <= targetBytes)
                    {
                        firstUnsettled = Math.Min(firstUnsettled, row.Sequence);
                        return projected;
                    }

                    if (!open.Remove(row.Summary.MachineId, out var earlier)
                        || earlier.Summary.MergedWindows + row.Summary.MergedWindows > _options.MaxMergedWindows)
                    {
                        open[row.Summary.MachineId] = row;
                        continue;
                    }

                    projected = Merge(transaction, earlier, row, projected, changes);
                    mergedInSweep = true;
                    firstUnsettled = Math.Min(firstUnsettled, earlier.Sequence);
                }
            }

            return projected;
        }
        finally
        {
            Settle(open, ref firstUnsettled, after + 1);
        }
    }

    private long SweepStart() => Math.Max(_publishedHighWater[(int)PriorityClass.MachineSummary], _exhaustedThrough);

    private void Settle(Dictionary<string, SummaryRow> open, ref long firstUnsettled, long nextUnread)
    {
        foreach (var row in open.Values)
        {
            firstUnsettled = Math.Min(firstUnsettled, row.Sequence);
        }

        firstUnsettled = Math.Min(firstUnsettled, nextUnread);
        if (firstUnsettled != long.MaxValue)
        {
            _exhaustedThrough = Math.Max(_exhaustedThrough, firstUnsettled - 1);
        }
    }

    private long Merge(SqliteTransaction transaction, SummaryRow earlier, SummaryRow row, long projected, List<Action> changes)
    {
        const PriorityClass priority = PriorityClass.MachineSummary;
        var merged = SummaryMerger.Merge(earlier.Summary, row.Summary);
        var payload = JsonSerializer.SerializeToUtf8Bytes<UplinkMessage>(merged, ContractsJsonContext.Default.UplinkMessage);
        using (var update = Command(transaction, "UPDATE outbox SET payload = $payload, weight = $weight WHERE sequence = $sequence;"))
        {
            update.Parameters.AddWithValue("$payload", payload);
            update.Parameters.AddWithValue("$weight", (long)merged.MergedWindows);
            update.Parameters.AddWithValue("$sequence", earlier.Sequence);
            update.ExecuteNonQuery();
        }

        using (var delete = Command(transaction, "DELETE FROM outbox WHERE sequence = $sequence;"))
        {
            delete.Parameters.AddWithValue("$sequence", row.Sequence);
            delete.ExecuteNonQuery();
        }

        var newBytes = payload.Length + OutboxDatabase.RowOverheadBytes;
        var (earlierWeight, earlierBytes, rowWeight, rowBytes) = (earlier.Weight, earlier.Bytes, row.Weight, row.Bytes);
        changes.Add(() =>
        {
            _ledger.Removed(priority, earlierWeight, earlierBytes);
            _ledger.Removed(priority, rowWeight, rowBytes);
            _ledger.Added(priority, earlierWeight + rowWeight, newBytes);
            _ledger.Merged(priority, 1);
        });
        return projected + newBytes - earlier.Bytes - row.Bytes;
    }

    private long DropOldest(SqliteTransaction transaction, PriorityClass priority, DropReason reason, long targetBytes, long projected, List<Action> changes)
    {
        var after = _publishedHighWater[(int)priority];
        while (projected > targetBytes)
        {
            using var delete = Command(transaction, """
                DELETE FROM outbox WHERE sequence = (
                    SELECT sequence FROM outbox WHERE priority = $priority AND sequence > $after ORDER BY sequence LIMIT 1)
                RETURNING sequence, weight, length(payload);
                """);
            delete.Parameters.AddWithValue("$priority", (int)priority);
            delete.Parameters.AddWithValue("$after", after);
            using var reader = delete.ExecuteReader();
            if (!reader.Read())
            {
                return projected;
            }

            after = reader.GetInt64(0);
            var weight = reader.GetInt64(1);
            var bytes = reader.GetInt64(2) + OutboxDatabase.RowOverheadBytes;
            projected -= bytes;
            changes.Add(() =>
            {
                _ledger.Removed(priority, weight, bytes);
                _ledger.Dropped(priority, reason, weight);
            });
        }

        return projected;
    }

    private List<SummaryRow> ReadSummaries(SqliteTransaction transaction, long after, int pageSize)
    {
        using var select = Command(transaction, """
            SELECT sequence, weight, payload FROM outbox WHERE priority = $priority AND sequence > $after ORDER BY sequence LIMIT $limit;
            """);
        select.Parameters.AddWithValue("$priority", (int)PriorityClass.MachineSummary);
        select.Parameters.AddWithValue("$after", after);
        select.Parameters.AddWithValue("$limit", pageSize);
        var rows = new List<SummaryRow>(pageSize);
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            var payload = (byte[])reader.GetValue(2);
            if (JsonSerializer.Deserialize(payload, ContractsJsonContext.Default.UplinkMessage) is MachineSummary summary)
            {
                rows.Add(new SummaryRow(reader.GetInt64(0), reader.GetInt64(1), payload.Length + OutboxDatabase.RowOverheadBytes, summary));
            }
        }

        return rows;
    }

    private SqliteCommand Command(SqliteTransaction transaction, string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private sealed record SummaryRow(long Sequence, long Weight, long Bytes, MachineSummary Summary);
}
