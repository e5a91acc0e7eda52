using Edge.Simulator.Plant;

namespace Edge.Simulator.Tests;

public sealed class PlantMachineTests
{
    private static readonly DateTimeOffset s_start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Step_PlannedMaintenance_ReplacesTheComponentAndStopsTheMachineForHours()
    {
        var machine = new PlantMachine("m", 11, s_start);
        var events = new List<PlantEvent>();
        var values = new double[PlantSensors.All.Count];
        PlantReading reading;
        do
        {
            events.Clear();
            reading = machine.Step(TimeSpan.FromHours(1), values, events);
        }
        while (!events.Any(e => e.Kind == PlantEventKinds.Maintenance) && machine.Now < s_start.AddDays(60));

        var maintained = events.Where(e => e.Kind == PlantEventKinds.Maintenance).Select(e => e.Detail).ToList();
        Assert.NotEmpty(maintained);
        Assert.False(reading.Running);
        foreach (var component in maintained)
        {
            Assert.Equal(1.0, machine.Health(PlantComponents.All.ToList().IndexOf(component)));
        }

        Assert.False(machine.Step(TimeSpan.FromHours(1), values, events).Running);
    }

    [Fact]
    public void Step_ComponentReachesZeroHealth_FailureEventThenRepairedComponent()
    {
        var machine = new PlantMachine("m", 3, s_start);
        var events = new List<PlantEvent>();
        var values = new double[PlantSensors.All.Count];
        var lowest = 1.0;
        while (!events.Any(e => e.Kind == PlantEventKinds.Failure) && machine.Now < s_start.AddDays(365))
        {
            machine.Step(TimeSpan.FromHours(1), values, events);
            if (!events.Any(e => e.Kind == PlantEventKinds.Failure))
            {
                lowest = Math.Min(lowest, Enumerable.Range(0, 3).Min(machine.Health));
            }
        }

        var failure = Assert.Single(events, e => e.Kind == PlantEventKinds.Failure);
        Assert.Equal(machine.Now, failure.Timestamp);
        Assert.True(machine.Down);
        Assert.Equal(1.0, machine.Health(PlantComponents.All.ToList().IndexOf(failure.Detail)));
        Assert.True(lowest < 0.7, $"the component degraded before it failed (lowest health {lowest:F2})");
    }

    [Fact]
    public void Step_ShortStepsAndHourSteps_SameHourlyMeanAndSpread()
    {
        // The live demo steps 12 plant minutes per publish and the gateway averages 5 of them per window: those window
        // means must look like the hourly history rows, or the model is served data it never saw.
        var hourly = Means(TimeSpan.FromHours(1), 1);
        var live = Means(TimeSpan.FromMinutes(12), 5);

        Assert.Equal(hourly.Mean, live.Mean, 0.03 * hourly.Mean);
        Assert.Equal(hourly.Spread, live.Spread, 0.25 * hourly.Spread);
    }

    private static (double Mean, double Spread) Means(TimeSpan step, int perWindow)
    {
        var windows = new List<double>();
        for (var seed = 0; seed < 20; seed++)
        {
            var machine = new PlantMachine("m", 100 + seed, s_start);
            var values = new double[PlantSensors.All.Count];
            var events = new List<PlantEvent>();
            var sum = 0.0;
            var count = 0;
            for (var i = 0; i < 24 * 20 * perWindow; i++)
            {
                if (machine.Step(step, values, events).Running && !double.IsNaN(values[PlantSensors.PressureIndex]) && !double.IsNaN(values[PlantSensors.LoadIndex]))
                {
                    sum += values[PlantSensors.PressureIndex] / (0.7 + (0.35 * values[PlantSensors.LoadIndex] / 100));
                    count++;
                }

                if ((i + 1) % perWindow == 0 && count > 0)
                {
                    windows.Add(sum / count);
                    sum = 0;
                    count = 0;
                }
            }
        }

        var mean = windows.Average();
        var differences = windows.Zip(windows.Skip(1), (a, b) => Math.Abs(a - b)).Where(d => d < 1).ToList();
        return (mean, differences.Average());
    }
}
