using System.Globalization;

namespace Edge.Cloud.Api;

/// <summary>
/// Cells of the history CSV files. Text cells are quoted when they hold a separator, a quote or a line break, and a
/// text cell that a spreadsheet would run as a formula (starting with = + - @, tab or carriage return) gets a leading
/// apostrophe. Numbers are written by the cloud itself (shortest round-trip form), so a negative mean stays a number.
/// </summary>
internal static class CsvCells
{
    public const string TimestampFormat = "yyyy-MM-dd HH:mm:ss";

    private static readonly System.Buffers.SearchValues<char> s_needsQuotes = System.Buffers.SearchValues.Create(",\"\r\n");

    public static void Text(TextWriter writer, string value)
    {
        var safe = value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
        if (safe.AsSpan().IndexOfAny(s_needsQuotes) < 0)
        {
            writer.Write(safe);
            return;
        }

        writer.Write('"');
        writer.Write(safe.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }

    /// <summary>A finite number in invariant, round-trippable form; NaN and infinities are empty (missing).</summary>
    public static void Number(TextWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.Write(value.ToString("R", CultureInfo.InvariantCulture));
        }
    }

    public static void Timestamp(TextWriter writer, DateTimeOffset value) =>
        writer.Write(value.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture));
}
