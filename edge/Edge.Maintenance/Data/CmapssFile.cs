using System.Globalization;

namespace Edge.Maintenance.Data;

/// <summary>
/// Reads files in the NASA C-MAPSS format (train_FD00x, test_FD00x): whitespace-separated, no header,
/// column 1 unit, column 2 cycle, columns 3-5 operational settings, columns 6-26 sensors s1..s21.
/// Works for every subset (FD001-FD004); rows of one unit must be contiguous and in cycle order.
/// </summary>
public static class CmapssFile
{
    public const int SettingCount = 3;
    public const int SensorCount = 21;
    public const int ChannelCount = SettingCount + SensorCount;

    /// <summary>Channel names as the gateway sees them on the wire: setting1..setting3, s1..s21.</summary>
    public static IReadOnlyList<string> ChannelNames { get; } =
        [.. Enumerable.Range(1, SettingCount).Select(i => $"setting{i}"), .. Enumerable.Range(1, SensorCount).Select(i => $"s{i}")];

    public static IReadOnlyList<CmapssEngine> Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = DataFile.OpenText(path);
        return Parse(reader, path);
    }

    public static IReadOnlyList<CmapssEngine> Parse(TextReader reader, string sourceName = "input")
    {
        ArgumentNullException.ThrowIfNull(reader);
        var engines = new List<CmapssEngine>();
        var seen = new HashSet<int>();
        var cycles = new List<int>();
        var rows = new List<double[]>();
        var currentUnit = -1;
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 2 + ChannelCount)
            {
                throw new FormatException($"{sourceName} line {lineNumber}: expected {2 + ChannelCount} columns (unit, cycle, 3 settings, 21 sensors), found {fields.Length}.");
            }

            var unit = ParseInt(fields[0], sourceName, lineNumber);
            var cycle = ParseInt(fields[1], sourceName, lineNumber);
            if (unit != currentUnit)
            {
                Flush();
                if (!seen.Add(unit))
                {
                    throw new FormatException($"{sourceName} line {lineNumber}: rows of unit {unit} are not contiguous.");
                }

                currentUnit = unit;
            }
            else if (cycle <= cycles[^1])
            {
                throw new FormatException($"{sourceName} line {lineNumber}: cycle {cycle} of unit {unit} is not after cycle {cycles[^1]}.");
            }

            var values = new double[ChannelCount];
            for (var i = 0; i < ChannelCount; i++)
            {
                if (!double.TryParse(fields[i + 2], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                {
                    throw new FormatException($"{sourceName} line {lineNumber}: column {i + 3} '{fields[i + 2]}' is not a number.");
                }
            }

            cycles.Add(cycle);
            rows.Add(values);
        }

        Flush();
        if (engines.Count == 0)
        {
            throw new FormatException($"{sourceName} holds no C-MAPSS rows.");
        }

        return engines;

        void Flush()
        {
            if (cycles.Count > 0)
            {
                engines.Add(new CmapssEngine(currentUnit, [.. cycles], [.. rows]));
                cycles.Clear();
                rows.Clear();
            }
        }
    }

    /// <summary>Reads RUL_FD00x: one true remaining life per line, for the test units in file order.</summary>
    public static IReadOnlyList<double> LoadTruth(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var truth = new List<double>();
        var lineNumber = 0;
        using var reader = DataFile.OpenText(path);
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (!double.TryParse(line.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new FormatException($"{path} line {lineNumber}: '{line.Trim()}' is not a number.");
            }

            truth.Add(value);
        }

        return truth;
    }

    private static int ParseInt(string field, string sourceName, int lineNumber) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value == Math.Floor(value)
            ? (int)value
            : throw new FormatException($"{sourceName} line {lineNumber}: '{field}' is not an integer.");
}
