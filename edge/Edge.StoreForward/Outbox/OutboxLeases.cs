using System.Globalization;
using System.Text;
using Edge.Contracts;
using Microsoft.Data.Sqlite;

namespace Edge.StoreForward.Outbox;

/// <summary>
/// The drain side of the outbox, what the uplink uses: reads the next records (highest class first, then oldest first),
/// leases them (durably marks them as possibly in the cloud, so the overflow policy leaves them alone) and deletes them
/// once the cloud broker acknowledged them. Nothing else deletes a leased record.
/// </summary>
public sealed class OutboxLeases
{
    private const long PublishedReserve = 1000;

    private readonly OutboxState _state;

    internal OutboxLeases(OutboxState state)
    {
        _state = state;
    }

    /// <summary>
    /// Completes at the next append. Take it <em>before</em> peeking, so an append between the peek and the wait is not missed.
    /// </summary>
    public Task NextAppend => _state.NextAppend;

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

        lock (_state.Gate)
        {
            var removed = new List<(PriorityClass, long, long)>(sequences.Count);
            // One statement for the whole acknowledgement (the sequences as a JSON array, a few KB for a round), not
            // one execution per record: each execution through Microsoft.Data.Sqlite costs more than SQLite's delete.
            var list = new StringBuilder(sequences.Count * 8).Append('[');
            foreach (var sequence in sequences)
            {
                list.Append(list.Length == 1 ? "" : ",").Append(CultureInfo.InvariantCulture, $"{sequence}");
            }

            using (var transaction = _state.Connection.BeginTransaction())
            {
                using (var delete = _state.Command("DELETE FROM outbox WHERE sequence IN (SELECT value FROM json_each($sequences)) RETURNING priority, weight, length(payload);", transaction))
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
                _state.Ledger.Removed(priority, weight, bytes);
            }

            _state.DrainRate.Add(removed.Count);
        }
    }

    private List<OutboxRecord> Read(int max, bool markPublished, IReadOnlySet<long>? inFlight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var skip = inFlight?.Count ?? 0;
        var records = new List<OutboxRecord>(max);
        lock (_state.Gate)
        {
            using (var select = _state.Command("""
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
        var published = _state.PublishedHighWater;
        var persisted = _state.PersistedHighWater;
        var persist = false;
        foreach (var record in records)
        {
            var index = (int)record.Priority;
            published[index] = Math.Max(published[index], record.Sequence);
            persist |= published[index] > persisted[index];
        }

        if (!persist)
        {
            return;
        }

        // Durable before the first byte leaves: after a crash the policy must still know these may be in the cloud.
        // The mark is reserved ahead (one write per PublishedReserve sequences, not per round, to spare the SD card);
        // after a restart the policy treats the reserve as published too, which costs at most that many records of room.
        var reserved = new long[persisted.Length];
        for (var i = 0; i < reserved.Length; i++)
        {
            reserved[i] = published[i] > persisted[i] ? published[i] + PublishedReserve : persisted[i];
        }

        using (var transaction = _state.Connection.BeginTransaction())
        {
            using var upsert = _state.Command("INSERT INTO outbox_meta (key, value) VALUES ($key, $value) ON CONFLICT(key) DO UPDATE SET value = excluded.value;", transaction);
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

        reserved.CopyTo(persisted, 0);
    }
}
