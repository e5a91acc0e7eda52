namespace Edge.Maintenance.History;

/// <summary>
/// Replays a history through a model as the gateway would (one <see cref="HistoryMachineState"/> per machine, events
/// at their time), scores every closed step, and measures alerts (threshold crossings of the model's decision
/// threshold), remaining life and calibration against the history's own failures.
/// </summary>
public static class HistoryEvaluator
{
    public static HistoryEvaluation Evaluate(HistoryModel model, HistoryData data, Action<HistoryRowPrediction>? perRow = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var missing = model.MissingFeatures(data.Sensors);
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"The telemetry lacks sensors the model needs: {string.Join(", ", missing)}.");
        }

        var byMachine = data.Events.ToLookup(e => e.Machine, StringComparer.Ordinal);
        var attributes = data.Attributes.GroupBy(a => a.Machine, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var columns = HistoryWalker.Columns(model.Sensors, data.Sensors);
        var horizon = model.Horizon.Ticks;
        var cap = model.Manifest.RemainingLifeCap;
        var scored = new List<(string Machine, DateTimeOffset At, double Probability)>();
        var probabilities = new List<double>();
        var outcomes = new List<bool>();
        double squares = 0;
        int lifeRows = 0, covered = 0;
        var observed = new Dictionary<string, (DateTimeOffset From, DateTimeOffset To)>(StringComparer.Ordinal);
        foreach (var machine in data.Machines)
        {
            var (events, failures, end) = HistoryWalker.EventsOf(machine, byMachine);
            observed[machine.Machine] = (machine.Timestamps[0], new DateTimeOffset(end, TimeSpan.Zero));
            var state = model.CreateState(attributes.GetValueOrDefault(machine.Machine));
            state.StepClosed = s =>
            {
                var at = s.FeaturesAt!.Value;
                var latest = model.Predict(s);
                scored.Add((machine.Machine, at, latest.FailureProbability));
                var (failure, life) = HistoryLabels.At(at.UtcTicks, failures, end, horizon, cap);
                if (failure >= 0)
                {
                    probabilities.Add(latest.FailureProbability);
                    outcomes.Add(failure == 1);
                }

                if (float.IsFinite(life) && latest.RemainingLife is { } predicted)
                {
                    lifeRows++;
                    squares += (predicted - life) * (predicted - life);
                    covered += life >= latest.Lower && life <= latest.Upper ? 1 : 0;
                }
            };
            HistoryWalker.Walk(machine, events, state, columns, perRow is null ? null : r =>
                perRow(new HistoryRowPrediction(machine.Timestamps[r], machine.Machine, state.Ready ? model.Predict(state) : null)));
        }

        var alerts = HistoryAlerts.Crossings(scored, model.DecisionThreshold);
        var failureEvents = data.Events.Where(e => e.Kind == MachineEventKinds.Failure).ToList();
        var metrics = AlertQuality.Measure(alerts, failureEvents, observed, model.Horizon);
        return new HistoryEvaluation(
            metrics,
            lifeRows == 0 ? double.NaN : Math.Sqrt(squares / lifeRows),
            lifeRows == 0 ? double.NaN : covered / (double)lifeRows,
            HistoryCalibration.Brier(probabilities, outcomes),
            scored.Count)
        {
            Reliability = HistoryCalibration.Reliability(probabilities, outcomes),
        };
    }
}
