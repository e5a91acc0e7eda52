using System.Globalization;

namespace Edge.Maintenance.Data;

/// <summary>Reads ai4i2020.csv (comma-separated, header row, optional UTF-8 BOM) by column name.</summary>
public static class Ai4iFile
{
    private static readonly string[] s_required =
    [
        "Type", "Air temperature [K]", "Process temperature [K]", "Rotational speed [rpm]", "Torque [Nm]", "Tool wear [min]", "Machine failure",
    ];

    public static IReadOnlyList<Ai4iRecord> Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = DataFile.OpenText(path);
        return Parse(reader, path);
    }

    public static IReadOnlyList<Ai4iRecord> Parse(TextReader reader, string sourceName = "input")
    {
        ArgumentNullException.ThrowIfNull(reader);
        var header = reader.ReadLine() ?? throw new FormatException($"{sourceName} is empty.");
        var names = header.TrimStart('\uFEFF').Split(',').Select(name => name.Trim()).ToList();
        var index = new int[s_required.Length];
        for (var i = 0; i < s_required.Length; i++)
        {
            index[i] = names.IndexOf(s_required[i]);
            if (index[i] < 0)
            {
                throw new FormatException($"{sourceName}: column '{s_required[i]}' is missing.");
            }
        }

        var records = new List<Ai4iRecord>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length != names.Count)
            {
                throw new FormatException($"{sourceName} line {lineNumber}: expected {names.Count} fields, found {fields.Length}.");
            }

            var type = fields[index[0]].Trim();
            if (type is not ("L" or "M" or "H"))
            {
                throw new FormatException($"{sourceName} line {lineNumber}: product type '{type}' is not L, M or H.");
            }

            records.Add(new Ai4iRecord(
                type[0],
                Number(fields[index[1]], lineNumber),
                Number(fields[index[2]], lineNumber),
                Number(fields[index[3]], lineNumber),
                Number(fields[index[4]], lineNumber),
                Number(fields[index[5]], lineNumber),
                Number(fields[index[6]], lineNumber) != 0));
        }

        return records;

        double Number(string field, int line) =>
            double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new FormatException($"{sourceName} line {line}: '{field}' is not a number.");
    }
}
