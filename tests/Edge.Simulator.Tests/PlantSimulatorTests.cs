using Edge.Simulator.Plant;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Simulator.Tests;

public sealed class PlantSimulatorTests
{
    [Fact]
    public void Advance_ClockScale720_OnePlantHourPerFiveSecondsAndFailuresRecordedInPlantTime()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero));
        var plant = new PlantSimulator(new PlantSimulatorOptions { Machines = 10, ClockScale = 720, Seed = 42 }, time);
        var silent = 0;
        for (var publish = 0; publish < 5 * 24 * 60; publish++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            foreach (var machine in plant.Machines)
            {
                if (plant.Advance(machine) is null)
                {
                    silent++;
                }
            }
        }

        // 2 hours of wall time = 60 plant days.
        Assert.All(plant.Machines, m => Assert.Equal(plant.Start.AddDays(60), m.Now));
        Assert.Equal(plant.PlantTime(time.GetUtcNow()), plant.Start.AddDays(60));
        var failures = plant.GroundTruth.Failures;
        Assert.InRange(failures.Count, 5, 60);
        Assert.All(failures, f => Assert.InRange(f.Timestamp, plant.Start, plant.Start.AddDays(60)));
        Assert.All(failures, f => Assert.Contains(f.Detail, PlantComponents.All));
        Assert.True(silent > failures.Count * 8 * 5, "a machine down for repair publishes nothing");
        Assert.Contains(plant.GroundTruth.Events, e => e.Kind == PlantEventKinds.Error);
    }

    [Fact]
    public void Advance_Readings_EverySensorAndPayloadCarriesThem()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero));
        var plant = new PlantSimulator(new PlantSimulatorOptions { Machines = 1, ClockScale = 720 }, time);
        time.Advance(TimeSpan.FromSeconds(1));

        var readings = plant.Advance(plant.Machines[0]);
        var json = System.Text.Encoding.UTF8.GetString(PlantSimulator.Payload(plant.Machines[0], readings!, time.GetUtcNow()));

        Assert.NotNull(readings);
        Assert.Contains("\"machineId\":\"machine-01\"", json, StringComparison.Ordinal);
        foreach (var sensor in readings.Keys)
        {
            Assert.Contains($"\"{sensor}\":", json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Constructor_WornAtStartHalf_HalfTheMachinesStartWithADegradingComponent()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero));
        var fresh = new PlantSimulator(new PlantSimulatorOptions { Machines = 10, Seed = 42 }, time);
        var worn = new PlantSimulator(new PlantSimulatorOptions { Machines = 10, Seed = 42, WornAtStart = 0.5 }, time);

        static int Degrading(PlantSimulator plant) => plant.Machines.Count(m => Enumerable.Range(0, 3).Any(c => m.Health(c) < 0.95));

        Assert.True(Degrading(worn) >= Degrading(fresh) + 3, $"{Degrading(worn)} worn vs {Degrading(fresh)}");
        Assert.Equal(Enumerable.Range(0, 10).Select(i => worn.Machines[i].Model), Enumerable.Range(0, 10).Select(i => fresh.Machines[i].Model));
    }
}
