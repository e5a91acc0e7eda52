using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Edge.Cloud.Storage;

/// <summary>
/// One row's values in a multi-row statement, bound by position straight on SQLite's statement (no parameter objects,
/// no look-up by name, no string for a time or a JSON document). Text is passed as UTF-16 or UTF-8 spans; SQLite copies it.
/// </summary>
internal readonly struct SqliteRow
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;
    private readonly int _first;

    public SqliteRow(sqlite3 database, sqlite3_stmt statement, int first)
    {
        _database = database;
        _statement = statement;
        _first = first;
    }

    public void Text(int column, string value)
    {
        // An empty span reaches SQLite as a null pointer, which it stores as NULL: an empty string goes through the string overload.
        Check(value.Length == 0 ? raw.sqlite3_bind_text(_statement, Index(column), value) : raw.sqlite3_bind_text16(_statement, Index(column), value.AsSpan()));
    }

    public void Utf8(int column, ReadOnlySpan<byte> value)
    {
        Check(value.IsEmpty ? raw.sqlite3_bind_text(_statement, Index(column), "") : raw.sqlite3_bind_text(_statement, Index(column), value));
    }

    public void Int64(int column, long value) => Check(raw.sqlite3_bind_int64(_statement, Index(column), value));

    /// <summary>The store's time text (round-trip format of the UTC instant: fixed width, so text order is time order).</summary>
    public void Time(int column, DateTimeOffset value)
    {
        Span<char> text = stackalloc char[40];
        if (!value.UtcDateTime.TryFormat(text, out var written, "O", CultureInfo.InvariantCulture))
        {
            throw new FormatException($"Cannot format {value:O}.");
        }

        Check(raw.sqlite3_bind_text16(_statement, Index(column), text[..written]));
    }

    private int Index(int column) => _first + column + 1;

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(result, _database);
        }
    }
}
