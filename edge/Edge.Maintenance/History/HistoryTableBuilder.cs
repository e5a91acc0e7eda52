namespace Edge.Maintenance.History;

/// <summary>Derives the feature spec from a history and walks every machine through it to build the training table.</summary>
internal static class HistoryTableBuilder
{
    public static HistoryFeatureSpec Spec(HistoryData data, HistoryTrainingOptions options)
    {
        var sensors = Enumerable.Range(0, data.Sensors.Count)
            .Where(s => data.Machines.Any(m => m.Rows.Any(row => double.IsFinite(row[s]))))
            .Select(s => data.Sensors[s]).ToList();
        if (sensors.Count == 0)
        {
            throw new InvalidDataException("No sensor column has any value.");
        }

        var components = data.Events.Where(e => MachineEventKinds.Resets(e.Kind) && e.Detail.Length > 0)
            .Select(e => e.Detail.StartsWith("repair:", StringComparison.Ordinal) ? e.Detail["repair:".Length..] : e.Detail)
            .GroupBy(d => d, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(options.MaximumComponents).Select(g => g.Key).Order(StringComparer.Ordinal).ToList();
        var models = data.Attributes.Select(a => a.Model).Where(m => m.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(16).ToList();
        return new HistoryFeatureSpec
        {
            Sensors = sensors,
            Step = options.Step ?? MedianInterval(data),
            Rolling = options.Rolling with { Elapsed = false },
            Components = components,
            MachineModels = models.Count > 1 ? models : [],
            BaselineSteps = options.BaselineSteps,
            Normalize = options.Normalize,
            UseAge = data.Attributes.Any(a => double.IsFinite(a.Age)),
        };
    }

    /// <summary>The median gap between consecutive rows of a machine (zero gaps ignored), at least one second.</summary>
    public static TimeSpan MedianInterval(HistoryData data)
    {
        var gaps = new List<long>();
        foreach (var machine in data.Machines)
        {
            for (var i = 1; i < machine.Timestamps.Length && gaps.Count < 200_000; i++)
            {
                var gap = (machine.Timestamps[i] - machine.Timestamps[i - 1]).Ticks;
                if (gap > 0)
                {
                    gaps.Add(gap);
                }
            }
        }

        if (gaps.Count == 0)
        {
            return TimeSpan.FromHours(1);
        }

        gaps.Sort();
        return TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, gaps[gaps.Count / 2]));
    }

    public static HistoryTable Build(HistoryData data, HistoryFeatureSpec spec, HistoryTrainingOptions options, double cap)
    {
        var byMachine = data.Events.ToLookup(e => e.Machine, StringComparer.Ordinal);
        var attributes = data.Attributes.GroupBy(a => a.Machine, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var columns = HistoryWalker.Columns(spec.Sensors, data.Sensors);
        var estimatedSteps = data.Machines.Sum(m => (double)(m.Timestamps[^1] - m.Timestamps[0]).Ticks / spec.Step.Ticks + 1);
        var stride = Math.Max(1, (int)Math.Ceiling(estimatedSteps / options.MaximumTrainingRows));
        var start = data.Machines.Min(m => m.Timestamps[0].UtcTicks);
        var end = data.Machines.Max(m => m.Timestamps[^1].UtcTicks);
        var cut = options.TimeSplit ? start + (long)((end - start) * options.TimeSplitFraction) : long.MaxValue;
        var horizon = options.Horizon.Ticks;

        var features = new List<float[]>();
        var machineIndex = new List<int>();
        var times = new List<long>();
        var observedFrom = new long[data.Machines.Count];
        var observedEnd = new long[data.Machines.Count];
        var failures = new List<long>[data.Machines.Count];
        for (var m = 0; m < data.Machines.Count; m++)
        {
            var machine = data.Machines[m];
            var (events, machineFailures, machineEnd) = HistoryWalker.EventsOf(machine, byMachine);
            observedFrom[m] = machine.Timestamps[0].UtcTicks;
            observedEnd[m] = machineEnd;
            failures[m] = machineFailures;
            var state = new HistoryMachineState(spec, attributes.GetValueOrDefault(machine.Machine));
            var step = 0;
            var index = m;
            state.StepClosed = s =>
            {
                if (step++ % stride == 0)
                {
                    features.Add(s.Features());
                    machineIndex.Add(index);
                    times.Add(s.FeaturesAt!.Value.UtcTicks);
                }
            };
            HistoryWalker.Walk(machine, events, state, columns);
        }

        var count = times.Count;
        var failure = new sbyte[count];
        var life = new float[count];
        var failureAtCut = new sbyte[count];
        var lifeAtCut = new float[count];
        var knownAtCut = failures.Select(list => list.Where(f => f <= cut).ToList()).ToArray();
        for (var i = 0; i < count; i++)
        {
            var m = machineIndex[i];
            (failure[i], life[i]) = HistoryLabels.At(times[i], failures[m], observedEnd[m], horizon, cap);
            (failureAtCut[i], lifeAtCut[i]) = times[i] < cut
                ? HistoryLabels.At(times[i], knownAtCut[m], Math.Min(observedEnd[m], cut), horizon, cap)
                : (HistoryLabels.Censored, float.NaN);
        }

        return new HistoryTable([.. features], [.. machineIndex], [.. times], failure, life, failureAtCut, lifeAtCut, cut, observedFrom, observedEnd, failures, stride);
    }
}
