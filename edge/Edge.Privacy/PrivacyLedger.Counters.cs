using Microsoft.Data.Sqlite;

namespace Edge.Privacy;

/// <summary>The ledger's housekeeping: today's privacy counters (numbers only) and retention.</summary>
internal sealed partial class PrivacyLedger
{
    public void SaveCounters(DateOnly day, IReadOnlyDictionary<PrivacyCounter, long> counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using var upsert = _connection.CreateCommand();
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO counters (day, name, value) VALUES ($day, $name, $value)
                ON CONFLICT (day, name) DO UPDATE SET value = excluded.value;
                """;
            upsert.Parameters.AddWithValue("$day", Key(day));
            var name = upsert.Parameters.Add("$name", SqliteType.Text);
            var value = upsert.Parameters.Add("$value", SqliteType.Integer);
            foreach (var (counter, count) in counters)
            {
                name.Value = counter.ToString();
                value.Value = count;
                upsert.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    public IReadOnlyDictionary<PrivacyCounter, long> LoadCounters(DateOnly day)
    {
        var counters = new Dictionary<PrivacyCounter, long>();
        lock (_gate)
        {
            using var select = _connection.CreateCommand();
            select.CommandText = "SELECT name, value FROM counters WHERE day = $day;";
            select.Parameters.AddWithValue("$day", Key(day));
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                if (Enum.TryParse<PrivacyCounter>(reader.GetString(0), out var counter))
                {
                    counters[counter] = reader.GetInt64(1);
                }
            }
        }

        return counters;
    }

    /// <summary>Deletes noisy cells, sent reports and counters of days before <paramref name="firstKeptDay"/>; budget rows stay for auditors.</summary>
    public void Purge(DateOnly firstKeptDay)
    {
        lock (_gate)
        {
            using var delete = _connection.CreateCommand();
            delete.CommandText = """
                DELETE FROM cells WHERE day < $day;
                DELETE FROM releases WHERE day < $day AND outbox_sequence IS NOT NULL;
                DELETE FROM counters WHERE day < $day;
                """;
            delete.Parameters.AddWithValue("$day", Key(firstKeptDay));
            delete.ExecuteNonQuery();
        }
    }
}
