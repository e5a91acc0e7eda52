using System.Data.Common;
using System.Text;

namespace Edge.Cloud.Storage;

/// <summary>
/// The store's SQL, shared by SQLite and PostgreSQL: both ADO.NET providers accept <c>@name</c> parameters and
/// <c>INSERT ... ON CONFLICT</c>, so only what differs (schema types, time encoding, the bulk paths and partitions)
/// lives in the two subclasses.
/// </summary>
public abstract partial class RelationalCloudStore : ICloudStore
{
    internal abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Begins a write transaction that takes the write lock up front (SQLite: BEGIN IMMEDIATE).</summary>
    internal abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>The provider's encoding of a UTC instant.</summary>
    internal abstract object Time(DateTimeOffset value);

    internal abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    internal abstract object Day(DateOnly value);

    internal abstract DateOnly ReadDay(DbDataReader reader, int ordinal);

    internal DateTimeOffset? ReadNullableTime(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ReadTime(reader, ordinal);

    internal static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>Sets (or adds) a parameter; null becomes DBNull.</summary>
    internal static void Set(DbCommand command, string name, object? value)
    {
        if (command.Parameters.Contains(name))
        {
            command.Parameters[name].Value = value ?? DBNull.Value;
            return;
        }

        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    /// <summary>Appends <c>AND column IN (...)</c> for the caller's sites; no sites at all matches nothing.</summary>
    internal static void AppendSiteFilter(StringBuilder sql, DbCommand command, IReadOnlyCollection<string>? sites, string column)
    {
        if (sites is null)
        {
            return;
        }

        if (sites.Count == 0)
        {
            sql.Append(" AND 1 = 0");
            return;
        }

        sql.Append(" AND ").Append(column).Append(" IN (");
        var index = 0;
        foreach (var site in sites)
        {
            var name = $"@site{index}";
            sql.Append(index == 0 ? name : $", {name}");
            Set(command, name, site);
            index++;
        }

        sql.Append(')');
    }

    internal static async Task<List<T>> QueryAsync<T>(DbCommand command, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    internal static string? GetNullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    internal static double? GetNullableDouble(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    internal static long? GetNullableInt64(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
