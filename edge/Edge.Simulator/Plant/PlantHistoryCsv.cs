using System.Globalization;

namespace Edge.Simulator.Plant;

/// <summary>
/// The history format (README, "Train on your own machines"): <c>timestamp,machine,&lt;sensor&gt;,...</c>,
/// <c>timestamp,machine,kind,detail</c> and <c>machine,model,age</c>; ISO 8601 UTC timestamps, empty cell = missing.
/// Machine ids, components and codes here never hold a comma or a quote, so no field needs quoting.
/// </summary>
public static class PlantHistoryCsv
{
    public static void WriteTelemetry(TextWriter writer, IEnumerable<PlantHistoryRow> rows)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rows);
        writer.Write("timestamp,machine");
        foreach (var sensor in PlantSensors.All)
        {
            writer.Write(',');
            writer.Write(sensor);
        }

        writer.WriteLine();
        foreach (var row in rows)
        {
            writer.Write(Timestamp(row.Timestamp));
            writer.Write(',');
            writer.Write(row.Machine);
            foreach (var value in row.Values)
            {
                writer.Write(',');
                if (!double.IsNaN(value))
                {
                    writer.Write(Math.Round(value, 4).ToString("R", CultureInfo.InvariantCulture));
                }
            }

            writer.WriteLine();
        }
    }

    public static void WriteEvents(TextWriter writer, IEnumerable<PlantEvent> events)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(events);
        writer.WriteLine("timestamp,machine,kind,detail");
        foreach (var e in events)
        {
            writer.WriteLine($"{Timestamp(e.Timestamp)},{e.Machine},{e.Kind},{e.Detail}");
        }
    }

    public static void WriteMachines(TextWriter writer, IEnumerable<PlantMachineAttributes> machines)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(machines);
        writer.WriteLine("machine,model,age");
        foreach (var machine in machines)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{machine.Machine},{machine.Model},{machine.AgeYears}"));
        }
    }

    private static string Timestamp(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
