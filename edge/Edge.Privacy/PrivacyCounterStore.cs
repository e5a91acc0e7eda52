using Microsoft.Data.Sqlite;

namespace Edge.Privacy;

/// <summary>The ledger's copy of each day's privacy counters (numbers only), so a restart continues today's counts.</summary>
internal sealed class PrivacyCounterStore
{
    private readonly PrivacyLedgerDatabase _database;

    public PrivacyCounterStore(PrivacyLedgerDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    public void SaveCounters(DateOnly day, IReadOnlyDictionary<PrivacyCounter, long> counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        lock (_database.Gate)
        {
            using var transaction = _database.BeginTransaction();
            using var upsert = _database.CreateCommand();
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO counters (day, name, value) VALUES ($day, $name, $value)
                ON CONFLICT (day, name) DO UPDATE SET value = excluded.value;
                """;
            upsert.Parameters.AddWithValue("$day", PrivacyLedgerDatabase.DayKey(day));
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
        lock (_database.Gate)
        {
            using var select = _database.CreateCommand();
            select.CommandText = "SELECT name, value FROM counters WHERE day = $day;";
            select.Parameters.AddWithValue("$day", PrivacyLedgerDatabase.DayKey(day));
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
}
