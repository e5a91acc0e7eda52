using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Edge.Cloud.Storage;

/// <summary>
/// Inserts many rows in a transaction already open on the connection, <see cref="RowsPerStatement"/> per execution of
/// one prepared statement. Through Microsoft.Data.Sqlite each execution of a one-row insert cost more than SQLite's own
/// insert (a data reader, a reset, and a look-up by name of every parameter, which grows with the square of the
/// parameters in a multi-row statement); here values are bound by position on SQLite's statement directly. The
/// statement runs synchronously, as everything in SQLite does (Microsoft.Data.Sqlite's asynchronous methods too).
/// </summary>
internal static class SqliteRowInsert
{
    public const int RowsPerStatement = 16;

    /// <summary>Runs <c>{insert} VALUES (?, ...), ...</c> over <paramref name="items"/>; <paramref name="bind"/> sets one row's <paramref name="columns"/> values.</summary>
    public static void Run<T>(SqliteConnection connection, string insert, int columns, IReadOnlyList<T> items, Action<T, SqliteRow> bind)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(bind);
        var database = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        sqlite3_stmt? statement = null;
        var statementRows = 0;
        try
        {
            for (var start = 0; start < items.Count; start += RowsPerStatement)
            {
                var rows = Math.Min(RowsPerStatement, items.Count - start);
                if (rows != statementRows)
                {
                    statement?.Dispose();
                    statement = null;
                    Check(raw.sqlite3_prepare_v2(database, Sql(insert, columns, rows), out statement), database);
                    statementRows = rows;
                }

                for (var row = 0; row < rows; row++)
                {
                    bind(items[start + row], new SqliteRow(database, statement!, row * columns));
                }

                var stepped = raw.sqlite3_step(statement);
                if (stepped != raw.SQLITE_DONE)
                {
                    raw.sqlite3_reset(statement);
                    SqliteException.ThrowExceptionForRC(stepped, database);
                }

                Check(raw.sqlite3_reset(statement), database);
            }
        }
        finally
        {
            statement?.Dispose();
        }
    }

    private static string Sql(string insert, int columns, int rows)
    {
        var sql = new StringBuilder(insert).Append(" VALUES ");
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < columns; column++)
            {
                sql.Append(column == 0 ? "?" : ", ?");
            }

            sql.Append(')');
        }

        return sql.Append(';').ToString();
    }

    private static void Check(int result, sqlite3 database)
    {
        if (result != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(result, database);
        }
    }
}
