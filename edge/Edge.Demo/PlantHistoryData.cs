using Edge.Maintenance.History;
using Edge.Simulator.Plant;

namespace Edge.Demo;

/// <summary>A generated plant history as the trainer reads it (what HistoryCsv.Read of the written files gives, without the files).</summary>
public static class PlantHistoryData
{
    public static HistoryData From(PlantHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var machines = history.Rows.GroupBy(r => r.Machine, StringComparer.Ordinal)
            .Select(g => new MachineHistory(g.Key, [.. g.Select(r => r.Timestamp)], [.. g.Select(r => r.Values)]))
            .ToList();
        return new HistoryData(
            PlantHistory.Sensors,
            machines,
            [.. history.Events.OrderBy(e => e.Timestamp).Select(ToMachineEvent)],
            [.. history.Machines.Select(m => new MachineAttributes(m.Machine, m.Model, m.AgeYears))]);
    }

    public static MachineEvent ToMachineEvent(PlantEvent plantEvent)
    {
        ArgumentNullException.ThrowIfNull(plantEvent);
        return new MachineEvent(plantEvent.Timestamp, plantEvent.Machine, plantEvent.Kind, plantEvent.Detail);
    }
}
