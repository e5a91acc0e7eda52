using Microsoft.Data.Sqlite;

namespace Edge.Privacy;

/// <summary>
/// The ledger's budget bookkeeping: epsilon spent per day, releases refused for lack of budget, and the exact bytes of
/// each released report with the outbox sequence it was sent under.
/// </summary>
/// <remarks>
/// Spending budget and storing the report happen in one transaction, before the outbox sees the report. A kill
/// after that commit leaves a recorded, unsent release that is re-appended from its stored bytes at the next start:
/// never spent twice, never redrawn. A kill between the outbox commit and <see cref="MarkSent"/> resends the same
/// bytes once more; the cloud stores a footfall report once per (gateway, store, day, release index).
/// </remarks>
internal sealed class ReleaseBudgetStore
{
    private readonly PrivacyLedgerDatabase _database;

    public ReleaseBudgetStore(PrivacyLedgerDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <summary>Days with stored cells and fewer than <paramref name="releasesPerDay"/> recorded releases, oldest first.</summary>
    public IReadOnlyList<DateOnly> DaysPendingRelease(int releasesPerDay)
    {
        var days = new List<DateOnly>();
        lock (_database.Gate)
        {
            using var select = _database.CreateCommand();
            select.CommandText = """
                SELECT DISTINCT c.day FROM cells c
                WHERE (SELECT COUNT(*) FROM releases r WHERE r.day = c.day) < $releases
                ORDER BY c.day;
                """;
            select.Parameters.AddWithValue("$releases", releasesPerDay);
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                days.Add(PrivacyLedgerDatabase.ParseDay(reader.GetString(0)));
            }
        }

        return days;
    }

    /// <summary>
    /// Spends <paramref name="epsilonMicros"/> of <paramref name="day"/> and stores <paramref name="payload"/>, in one
    /// transaction, unless the release exists already or the day's budget would be exceeded (refusal is counted).
    /// </summary>
    public ReleaseOutcome TryRecordRelease(DateOnly day, int releaseIndex, long epsilonMicros, long budgetMicros, byte[] payload, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(payload);
        lock (_database.Gate)
        {
            using var transaction = _database.BeginTransaction();
            using var exists = _database.CreateCommand();
            exists.Transaction = transaction;
            exists.CommandText = "SELECT COUNT(*) FROM releases WHERE day = $day AND release_index = $index;";
            exists.Parameters.AddWithValue("$day", PrivacyLedgerDatabase.DayKey(day));
            exists.Parameters.AddWithValue("$index", releaseIndex);
            if ((long)exists.ExecuteScalar()! > 0)
            {
                return ReleaseOutcome.AlreadyReleased;
            }

            using var ensure = _database.CreateCommand();
            ensure.Transaction = transaction;
            ensure.CommandText = "INSERT OR IGNORE INTO budget (day, spent_micros, refused) VALUES ($day, 0, 0);";
            ensure.Parameters.AddWithValue("$day", PrivacyLedgerDatabase.DayKey(day));
            ensure.ExecuteNonQuery();

            using var spent = _database.CreateCommand();
            spent.Transaction = transaction;
            spent.CommandText = "SELECT spent_micros FROM budget WHERE day = $day;";
            spent.Parameters.AddWithValue("$day", PrivacyLedgerDatabase.DayKey(day));
            var spentMicros = (long)spent.ExecuteScalar()!;

            using var update = _database.CreateCommand();
            update.Transaction = transaction;
            update.Parameters.AddWithValue("$day", PrivacyLedgerDatabase.DayKey(day));
            if (spentMicros + epsilonMicros > budgetMicros)
            {
                update.CommandText = "UPDATE budget SET refused = refused + 1 WHERE day = $day;";
                update.ExecuteNonQuery();
                transaction.Commit();
                return ReleaseOutcome.OverBudget;
            }

            update.CommandText = "UPDATE budget SET spent_micros = spent_micros + $epsilon WHERE day = $day;";
            update.Parameters.AddWithValue("$epsilon", epsilonMicros);
            update.ExecuteNonQuery();

            using var insert = _database.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO releases (day, release_index, epsilon_micros, released_at_ms, outbox_sequence, payload)
                VALUES ($day, $index, $epsilon, $at, NULL, $payload);
                """;
            insert.Parameters.AddWithValue("$day", PrivacyLedgerDatabase.DayKey(day));
            insert.Parameters.AddWithValue("$index", releaseIndex);
            insert.Parameters.AddWithValue("$epsilon", epsilonMicros);
            insert.Parameters.AddWithValue("$at", now.ToUnixTimeMilliseconds());
            insert.Parameters.Add("$payload", SqliteType.Blob).Value = payload;
            insert.ExecuteNonQuery();
            transaction.Commit();
            return ReleaseOutcome.Recorded;
        }
    }

    public void MarkSent(DateOnly day, int releaseIndex, long outboxSequence)
    {
        lock (_database.Gate)
        {
            using var update = _database.CreateCommand();
            update.CommandText = "UPDATE releases SET outbox_sequence = $sequence WHERE day = $day AND release_index = $index;";
            update.Parameters.AddWithValue("$sequence", outboxSequence);
            update.Parameters.AddWithValue("$day", PrivacyLedgerDatabase.DayKey(day));
            update.Parameters.AddWithValue("$index", releaseIndex);
            update.ExecuteNonQuery();
        }
    }

    /// <summary>Releases of <paramref name="day"/>, or every release when null, by day then index.</summary>
    public IReadOnlyList<StoredRelease> Releases(DateOnly? day = null, bool unsentOnly = false)
    {
        var releases = new List<StoredRelease>();
        lock (_database.Gate)
        {
            using var select = _database.CreateCommand();
            select.CommandText = $"""
                SELECT day, release_index, epsilon_micros, released_at_ms, outbox_sequence, payload FROM releases
                WHERE ($day IS NULL OR day = $day) {(unsentOnly ? "AND outbox_sequence IS NULL" : string.Empty)}
                ORDER BY day, release_index;
                """;
            select.Parameters.AddWithValue("$day", day is { } d ? PrivacyLedgerDatabase.DayKey(d) : DBNull.Value);
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                releases.Add(new StoredRelease(
                    PrivacyLedgerDatabase.ParseDay(reader.GetString(0)),
                    reader.GetInt32(1),
                    reader.GetInt64(2),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                    reader.IsDBNull(4) ? null : reader.GetInt64(4),
                    (byte[])reader.GetValue(5)));
            }
        }

        return releases;
    }

    /// <summary>Epsilon spent on <paramref name="day"/> (millionths) and releases refused for lack of budget.</summary>
    public (long SpentMicros, long Refused) Budget(DateOnly day)
    {
        lock (_database.Gate)
        {
            using var select = _database.CreateCommand();
            select.CommandText = "SELECT spent_micros, refused FROM budget WHERE day = $day;";
            select.Parameters.AddWithValue("$day", PrivacyLedgerDatabase.DayKey(day));
            using var reader = select.ExecuteReader();
            return reader.Read() ? (reader.GetInt64(0), reader.GetInt64(1)) : (0, 0);
        }
    }
}
