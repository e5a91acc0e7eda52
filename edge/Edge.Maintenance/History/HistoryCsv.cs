using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Edge.Maintenance.Data;

namespace Edge.Maintenance.History;

/// <summary>
/// The generic history format: T.csv <c>timestamp,machine,&lt;sensor&gt;,...</c>, E.csv <c>timestamp,machine,kind,detail</c>,
/// M.csv <c>machine,model,age</c>. Timestamps are ISO 8601 or <c>YYYY-MM-DD HH:MM:SS</c> (UTC when no offset is given);
/// an empty cell is a missing value. A file with malformed rows is refused with the first 10 errors, line-numbered
/// (<see cref="HistoryCsvException"/>); events of machines without telemetry are warned about, counted and skipped.
/// A <c>.gz</c> path is read decompressed.
/// </summary>
public static class HistoryCsv
{
    /// <summary>Reads the files; <paramref name="eventsPath"/> may be null when only telemetry is at hand (predictions).</summary>
    public static HistoryData Read(string telemetryPath, string? eventsPath, string? machinesPath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(telemetryPath);
        using var telemetry = DataFile.OpenText(telemetryPath);
        using TextReader events = eventsPath is null ? new StringReader("timestamp,machine,kind,detail") : DataFile.OpenText(eventsPath);
        using var machines = machinesPath is null ? null : DataFile.OpenText(machinesPath);
        var data = Read(telemetry, events, machines, Path.GetFileName(telemetryPath), eventsPath is null ? "events" : Path.GetFileName(eventsPath), machinesPath is null ? null : Path.GetFileName(machinesPath));
        var hash = new StringBuilder();
        foreach (var path in new[] { telemetryPath, eventsPath, machinesPath })
        {
            if (path is not null)
            {
                hash.Append(DataHash.OfFile(path));
            }
        }

        return new HistoryData(data.Sensors, data.Machines, data.Events, data.Attributes, data.Warnings)
        {
            UnknownMachineEvents = data.UnknownMachineEvents,
            DataSha256 = DataHash.OfBytes(SHA256.HashData(Encoding.ASCII.GetBytes(hash.ToString()))),
        };
    }

    /// <summary>Reads the three files from readers; the names are used in error messages.</summary>
    public static HistoryData Read(
        TextReader telemetry,
        TextReader events,
        TextReader? machines = null,
        string telemetryName = "telemetry",
        string eventsName = "events",
        string? machinesName = "machines")
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        ArgumentNullException.ThrowIfNull(events);
        var (sensors, histories) = HistoryCsvReader.ReadTelemetry(telemetry, telemetryName);
        var allEvents = HistoryCsvReader.ReadEvents(events, eventsName);
        var attributes = machines is null ? [] : HistoryCsvReader.ReadMachines(machines, machinesName ?? "machines");
        var known = histories.Select(h => h.Machine).ToHashSet(StringComparer.Ordinal);
        var kept = allEvents.Where(e => known.Contains(e.Machine)).ToList();
        var unknown = allEvents.Count - kept.Count;
        var warnings = new List<string>();
        if (unknown > 0)
        {
            var names = allEvents.Where(e => !known.Contains(e.Machine)).Select(e => e.Machine).Distinct().Take(5);
            warnings.Add($"{eventsName}: {unknown} event(s) of machine(s) without telemetry skipped ({string.Join(", ", names)}...).");
        }

        return new HistoryData(sensors, histories, kept, [.. attributes.Where(a => known.Contains(a.Machine))], warnings)
        {
            UnknownMachineEvents = unknown,
        };
    }

    public static void WriteTelemetry(TextWriter writer, IReadOnlyList<string> sensors, IEnumerable<(DateTimeOffset Timestamp, string Machine, double[] Values)> rows)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(sensors);
        ArgumentNullException.ThrowIfNull(rows);
        writer.Write("timestamp,machine");
        foreach (var sensor in sensors)
        {
            writer.Write(',');
            writer.Write(Quote(sensor));
        }

        writer.WriteLine();
        foreach (var (timestamp, machine, values) in rows)
        {
            writer.Write(FormatTimestamp(timestamp));
            writer.Write(',');
            writer.Write(Quote(machine));
            for (var i = 0; i < sensors.Count; i++)
            {
                writer.Write(',');
                if (i < values.Length && double.IsFinite(values[i]))
                {
                    writer.Write(values[i].ToString("R", CultureInfo.InvariantCulture));
                }
            }

            writer.WriteLine();
        }
    }

    public static void WriteEvents(TextWriter writer, IEnumerable<MachineEvent> events)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(events);
        writer.WriteLine("timestamp,machine,kind,detail");
        foreach (var e in events)
        {
            writer.WriteLine($"{FormatTimestamp(e.Timestamp)},{Quote(e.Machine)},{e.Kind},{Quote(e.Detail)}");
        }
    }

    public static void WriteMachines(TextWriter writer, IEnumerable<MachineAttributes> machines)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(machines);
        writer.WriteLine("machine,model,age");
        foreach (var m in machines)
        {
            writer.WriteLine($"{Quote(m.Machine)},{Quote(m.Model)},{(double.IsFinite(m.Age) ? m.Age.ToString("R", CultureInfo.InvariantCulture) : string.Empty)}");
        }
    }

    /// <summary>ISO 8601 in UTC with a <c>Z</c>, seconds and (only when present) fractions.</summary>
    public static string FormatTimestamp(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
