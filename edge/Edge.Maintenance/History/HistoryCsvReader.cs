using System.Globalization;

namespace Edge.Maintenance.History;

/// <summary>Parsing behind <see cref="HistoryCsv"/>: collects line-numbered errors and refuses a file that has any.</summary>
internal static class HistoryCsvReader
{
    public static (IReadOnlyList<string> Sensors, IReadOnlyList<MachineHistory> Machines) ReadTelemetry(TextReader reader, string name)
    {
        var errors = new ErrorList(name);
        var header = ReadHeader(reader, name, ["timestamp", "machine"], exact: false);
        var sensors = header.Skip(2).ToArray();
        if (sensors.Length == 0 || sensors.Any(string.IsNullOrWhiteSpace) || sensors.Distinct(StringComparer.Ordinal).Count() != sensors.Length)
        {
            throw new HistoryCsvException(name, ["line 1: the header needs timestamp, machine and at least one sensor column, named and distinct"], 1);
        }

        var rows = new Dictionary<string, List<(DateTimeOffset, double[])>>(StringComparer.Ordinal);
        var fields = new List<string>(header.Count);
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            Split(text, fields);
            if (fields.Count != header.Count)
            {
                errors.Add(line, $"{fields.Count} fields, the header has {header.Count}");
                continue;
            }

            if (!TryParseTimestamp(fields[0], out var timestamp))
            {
                errors.Add(line, $"timestamp '{Clip(fields[0])}' is neither ISO 8601 nor YYYY-MM-DD HH:MM:SS");
                continue;
            }

            if (string.IsNullOrWhiteSpace(fields[1]))
            {
                errors.Add(line, "machine is empty");
                continue;
            }

            var values = new double[sensors.Length];
            var ok = true;
            for (var i = 0; i < sensors.Length; i++)
            {
                var cell = fields[i + 2].AsSpan().Trim();
                if (cell.IsEmpty)
                {
                    values[i] = double.NaN;
                }
                else if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
                {
                    errors.Add(line, $"{sensors[i]} '{Clip(fields[i + 2])}' is not a finite number");
                    ok = false;
                    break;
                }
            }

            if (ok)
            {
                var machine = fields[1].Trim();
                if (!rows.TryGetValue(machine, out var list))
                {
                    rows[machine] = list = [];
                }

                list.Add((timestamp, values));
            }
        }

        errors.ThrowIfAny();
        if (rows.Count == 0)
        {
            throw new HistoryCsvException(name, ["no telemetry rows"], 1);
        }

        var machines = rows.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p =>
        {
            var sorted = p.Value.OrderBy(r => r.Item1).ToArray();
            return new MachineHistory(p.Key, [.. sorted.Select(r => r.Item1)], [.. sorted.Select(r => r.Item2)]);
        }).ToArray();
        return (sensors, machines);
    }

    public static List<MachineEvent> ReadEvents(TextReader reader, string name)
    {
        var errors = new ErrorList(name);
        ReadHeader(reader, name, ["timestamp", "machine", "kind", "detail"], exact: true);
        var events = new List<MachineEvent>();
        var fields = new List<string>(4);
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            Split(text, fields);
            if (fields.Count != 4)
            {
                errors.Add(line, $"{fields.Count} fields, expected 4 (timestamp,machine,kind,detail)");
            }
            else if (!TryParseTimestamp(fields[0], out var timestamp))
            {
                errors.Add(line, $"timestamp '{Clip(fields[0])}' is neither ISO 8601 nor YYYY-MM-DD HH:MM:SS");
            }
            else if (string.IsNullOrWhiteSpace(fields[1]))
            {
                errors.Add(line, "machine is empty");
            }
            else if (!MachineEventKinds.IsKnown(fields[2].Trim().ToLowerInvariant()))
            {
                errors.Add(line, $"kind '{Clip(fields[2])}' is not failure, maintenance or error");
            }
            else
            {
                events.Add(new MachineEvent(timestamp, fields[1].Trim(), fields[2].Trim().ToLowerInvariant(), fields[3].Trim()));
            }
        }

        errors.ThrowIfAny();
        return [.. events.OrderBy(e => e.Timestamp)];
    }

    public static List<MachineAttributes> ReadMachines(TextReader reader, string name)
    {
        var errors = new ErrorList(name);
        ReadHeader(reader, name, ["machine", "model", "age"], exact: true);
        var machines = new List<MachineAttributes>();
        var fields = new List<string>(3);
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            Split(text, fields);
            var age = double.NaN;
            if (fields.Count != 3)
            {
                errors.Add(line, $"{fields.Count} fields, expected 3 (machine,model,age)");
            }
            else if (string.IsNullOrWhiteSpace(fields[0]))
            {
                errors.Add(line, "machine is empty");
            }
            else if (fields[2].Trim().Length > 0 && (!double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out age) || !double.IsFinite(age)))
            {
                errors.Add(line, $"age '{Clip(fields[2])}' is not a finite number");
            }
            else
            {
                machines.Add(new MachineAttributes(fields[0].Trim(), fields[1].Trim(), age));
            }
        }

        errors.ThrowIfAny();
        return machines;
    }

    /// <summary>ISO 8601 (offset optional) or <c>YYYY-MM-DD HH:MM:SS</c>; without an offset the time is UTC.</summary>
    public static bool TryParseTimestamp(string text, out DateTimeOffset timestamp)
    {
        var span = text.AsSpan().Trim();
        timestamp = default;
        // Lenient DateTimeOffset.TryParse alone would take "1/2/2026"; the format demands a year-month-day start.
        if (span.Length < 19 || span[4] != '-' || span[7] != '-' || (span[10] != 'T' && span[10] != ' ') || !char.IsAsciiDigit(span[0]))
        {
            return false;
        }

        return DateTimeOffset.TryParse(span, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out timestamp);
    }

    private static List<string> ReadHeader(TextReader reader, string name, string[] expected, bool exact)
    {
        var text = reader.ReadLine() ?? throw new HistoryCsvException(name, ["line 1: the file is empty (a header is needed)"], 1);
        var header = new List<string>();
        Split(text, header);
        for (var i = 0; i < header.Count; i++)
        {
            header[i] = header[i].Trim();
        }

        var matches = exact ? header.Count == expected.Length : header.Count >= expected.Length;
        for (var i = 0; matches && i < expected.Length; i++)
        {
            matches = string.Equals(header[i], expected[i], StringComparison.OrdinalIgnoreCase);
        }

        return matches
            ? header
            : throw new HistoryCsvException(name, [$"line 1: header '{Clip(text)}', expected {string.Join(',', expected)}{(exact ? string.Empty : ",<sensor>,...")}"], 1);
    }

    /// <summary>Splits one CSV line (RFC 4180 quotes, no line breaks inside a field).</summary>
    internal static void Split(string line, List<string> fields)
    {
        fields.Clear();
        if (!line.Contains('"', StringComparison.Ordinal))
        {
            foreach (var range in line.AsSpan().Split(','))
            {
                fields.Add(line[range]);
            }

            return;
        }

        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
    }

    private static string Clip(string value) => value.Length <= 40 ? value : value[..40] + "...";

    private sealed class ErrorList(string name)
    {
        private readonly List<string> _errors = [];
        private int _total;

        public void Add(int line, string message)
        {
            _total++;
            if (_errors.Count < HistoryCsvException.MaximumListed)
            {
                _errors.Add($"line {line}: {message}");
            }
        }

        public void ThrowIfAny()
        {
            if (_total > 0)
            {
                throw new HistoryCsvException(name, _errors, _total);
            }
        }
    }
}
