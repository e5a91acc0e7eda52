using Edge.Maintenance.History;
using Edge.Simulator.Plant;

namespace Edge.Demo;

/// <summary>
/// Scores a plant history the way the gateway serves a model: per machine, one <see cref="HistoryMachineState"/> fed each
/// hourly row and each event in time order, a prediction after every row, an alert where the probability crosses the
/// model's decision threshold; the alerts are then measured against the history's ground-truth failures.
/// </summary>
public static class PlantEvaluation
{
    public static PlantEvaluationResult Evaluate(HistoryModel model, PlantHistory history)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(history);
        var columns = model.Sensors.Select(s => PlantSensors.All.ToList().IndexOf(s)).ToArray();
        var attributes = history.Machines.ToDictionary(m => m.Machine, m => new MachineAttributes(m.Machine, m.Model, m.AgeYears), StringComparer.Ordinal);
        var events = history.Events.ToLookup(e => e.Machine, StringComparer.Ordinal);
        var scored = new List<(string Machine, DateTimeOffset At, double Probability)>();
        var covered = 0;
        var intervals = 0;
        var values = new double[columns.Length];
        foreach (var rows in history.Rows.GroupBy(r => r.Machine, StringComparer.Ordinal))
        {
            var state = model.CreateState(attributes[rows.Key]);
            var machineEvents = events[rows.Key].OrderBy(e => e.Timestamp).ToList();
            var failures = machineEvents.Where(e => e.Kind == PlantEventKinds.Failure).Select(e => e.Timestamp).ToList();
            var e = 0;
            foreach (var row in rows)
            {
                while (e < machineEvents.Count && machineEvents[e].Timestamp <= row.Timestamp)
                {
                    state.Record(PlantHistoryData.ToMachineEvent(machineEvents[e++]));
                }

                for (var s = 0; s < columns.Length; s++)
                {
                    values[s] = columns[s] >= 0 ? row.Values[columns[s]] : double.NaN;
                }

                state.Push(row.Timestamp, values);
                if (!state.Ready)
                {
                    continue;
                }

                var prediction = model.Predict(state);
                scored.Add((rows.Key, row.Timestamp, prediction.FailureProbability));
                var next = failures.FindIndex(f => f > row.Timestamp);
                if (prediction is { Lower: { } lower, Upper: { } upper } && next >= 0)
                {
                    // Remaining life is capped in training; the truth is capped the same way.
                    var truth = Math.Min((failures[next] - row.Timestamp).TotalHours, model.Manifest.RemainingLifeCap);
                    intervals++;
                    covered += truth >= lower && truth <= upper ? 1 : 0;
                }
            }
        }

        var alerts = HistoryAlerts.Crossings(scored, model.DecisionThreshold);
        var observed = history.Machines.ToDictionary(m => m.Machine, _ => (history.Start, history.End), StringComparer.Ordinal);
        var metrics = AlertQuality.Measure(
            alerts,
            [.. history.Failures.Select(PlantHistoryData.ToMachineEvent)],
            observed,
            model.Horizon);
        return new PlantEvaluationResult(metrics, intervals == 0 ? double.NaN : covered / (double)intervals, scored.Count);
    }
}
