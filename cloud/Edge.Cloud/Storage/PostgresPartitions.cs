using System.Collections.Concurrent;
using System.Globalization;
using Npgsql;

namespace Edge.Cloud.Storage;

/// <summary>
/// Day partitions of the PostgreSQL time series: created on demand before a batch needs them (once per process, under
/// an advisory lock so concurrent workers do not race), and dropped whole by retention.
/// </summary>
internal sealed class PostgresPartitions
{
    /// <summary>"Edge": serializes schema and partition creation between workers.</summary>
    public const long LockKey = 0x45646765;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _retention;
    private readonly ConcurrentDictionary<string, bool> _partitions = new(StringComparer.Ordinal);

    public PostgresPartitions(NpgsqlDataSource dataSource, TimeProvider timeProvider, TimeSpan retention)
    {
        _dataSource = dataSource;
        _timeProvider = timeProvider;
        _retention = retention;
    }

    /// <summary>Creates the partition of <paramref name="table"/> for the UTC <paramref name="day"/>, once per process.</summary>
    public async Task EnsureAsync(string table, DateOnly day, CancellationToken cancellationToken)
    {
        var name = $"{table}_p{day:yyyyMMdd}";
        if (_partitions.ContainsKey(name))
        {
            return;
        }

        // Days outside the retention window or more than two days ahead (a gateway clock far off) stay in DEFAULT.
        var today = DateOnly.FromDateTime(_timeProvider.GetUtcNow().UtcDateTime);
        if (day < today.AddDays(-(int)Math.Ceiling(_retention.TotalDays)) || day > today.AddDays(2))
        {
            return;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var from = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = day.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await using var command = new NpgsqlCommand($"""
            SELECT pg_advisory_xact_lock({LockKey});
            CREATE TABLE IF NOT EXISTS {name} PARTITION OF {table} FOR VALUES FROM ('{from} 00:00:00+00') TO ('{to} 00:00:00+00');
            """, connection, transaction);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.CheckViolation)
        {
            // DEFAULT already holds rows of that day: they stay there (retention still deletes them).
        }

        _partitions[name] = true;
    }

    public async Task ApplyRetentionAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var cutoffDay = DateOnly.FromDateTime(cutoff.UtcDateTime);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        foreach (var (table, column) in PostgresSchema.Partitioned)
        {
            var partitions = new List<string>();
            await using (var list = new NpgsqlCommand("""
                SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
                WHERE p.relname = @parent;
                """, connection))
            {
                list.Parameters.AddWithValue("parent", table);
                await using var reader = await list.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    partitions.Add(reader.GetString(0));
                }
            }

            foreach (var partition in partitions)
            {
                // A day partition whose whole day is before the cutoff goes at once: no row-by-row delete, no bloat.
                if (DateOnly.TryParseExact(partition.AsSpan(table.Length + 2), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                    && partition.StartsWith(table + "_p", StringComparison.Ordinal)
                    && day.AddDays(1) <= cutoffDay)
                {
                    await using var drop = new NpgsqlCommand($"DROP TABLE IF EXISTS {partition};", connection);
                    await drop.ExecuteNonQueryAsync(cancellationToken);
                    _partitions.TryRemove(partition, out _);
                }
            }

            await using var stray = new NpgsqlCommand($"DELETE FROM {table}_default WHERE {column} < @cutoff;", connection);
            stray.Parameters.AddWithValue("cutoff", cutoff.ToUniversalTime());
            await stray.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var ledger = new NpgsqlCommand("DELETE FROM records WHERE received_at < @cutoff;", connection);
        ledger.Parameters.AddWithValue("cutoff", cutoff.ToUniversalTime());
        await ledger.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListAsync(string table, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var list = new NpgsqlCommand("""
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
            WHERE p.relname = @parent ORDER BY c.relname;
            """, connection);
        list.Parameters.AddWithValue("parent", table);
        var names = new List<string>();
        await using var reader = await list.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
