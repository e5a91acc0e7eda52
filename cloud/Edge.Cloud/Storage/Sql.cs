using System.Data.Common;
using System.Text;

namespace Edge.Cloud.Storage;

/// <summary>
/// ADO.NET plumbing shared by every part of the store and by the account store: both providers accept <c>@name</c>
/// parameters, so commands, parameters and row mapping are written once.
/// </summary>
internal static class Sql
{
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>Sets (or adds) a parameter; null becomes DBNull.</summary>
    public static void Set(DbCommand command, string name, object? value)
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
    public static void AppendSiteFilter(StringBuilder sql, DbCommand command, IReadOnlyCollection<string>? sites, string column)
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

    public static async Task<List<T>> QueryAsync<T>(DbCommand command, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    public static string? GetNullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static double? GetNullableDouble(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    public static long? GetNullableInt64(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
