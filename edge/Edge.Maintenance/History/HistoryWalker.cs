namespace Edge.Maintenance.History;

/// <summary>
/// Feeds one machine's telemetry and events through a <see cref="HistoryMachineState"/> in time order, as the gateway
/// would have seen them: an event is applied after the rows before it and before the rows at or after it.
/// </summary>
internal static class HistoryWalker
{
    public static void Walk(MachineHistory machine, IReadOnlyList<MachineEvent> events, HistoryMachineState state, int[] sensorColumns, Action<int>? afterRow = null)
    {
        var values = new double[sensorColumns.Length];
        var e = 0;
        for (var r = 0; r < machine.Timestamps.Length; r++)
        {
            var t = machine.Timestamps[r];
            while (e < events.Count && events[e].Timestamp <= t)
            {
                state.Record(events[e++]);
            }

            var row = machine.Rows[r];
            for (var s = 0; s < sensorColumns.Length; s++)
            {
                values[s] = sensorColumns[s] >= 0 ? row[sensorColumns[s]] : double.NaN;
            }

            state.Push(t, values);
            afterRow?.Invoke(r);
        }

        while (e < events.Count && events[e].Timestamp <= machine.Timestamps[^1] + state.Spec.Step)
        {
            state.Record(events[e++]);
        }
    }

    /// <summary>Column of each of <paramref name="wanted"/> among <paramref name="available"/>; -1 where absent.</summary>
    public static int[] Columns(IReadOnlyList<string> wanted, IReadOnlyList<string> available) =>
        [.. wanted.Select(name => available.ToList().IndexOf(name))];

    /// <summary>The machine's events (sorted), failures as ticks, and the end of its observation (last row or event).</summary>
    public static (List<MachineEvent> Events, List<long> Failures, long ObservedEnd) EventsOf(MachineHistory machine, ILookup<string, MachineEvent> byMachine)
    {
        var events = byMachine[machine.Machine].OrderBy(e => e.Timestamp).ToList();
        var failures = events.Where(e => e.Kind == MachineEventKinds.Failure).Select(e => e.Timestamp.UtcTicks).ToList();
        var end = machine.Timestamps[^1].UtcTicks;
        if (events.Count > 0)
        {
            end = Math.Max(end, Math.Min(events[^1].Timestamp.UtcTicks, end + TimeSpan.TicksPerDay));
        }

        return (events, failures, end);
    }
}
