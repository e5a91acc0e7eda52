using Edge.Simulator.Plant;

namespace Edge.Simulator.Tests;

public sealed class PlantHistoryGeneratorTests
{
    private static readonly PlantHistory s_plant = PlantHistoryGenerator.Generate(new PlantHistoryOptions { Machines = 30, Days = 180, Seed = 1 });

    [Fact]
    public void Generate_SameSeed_SameRowsAndEvents()
    {
        var options = new PlantHistoryOptions { Machines = 3, Days = 30, Seed = 5 };
        var first = PlantHistoryGenerator.Generate(options);
        var second = PlantHistoryGenerator.Generate(options);

        Assert.Equal(first.Events, second.Events);
        Assert.Equal(first.Machines, second.Machines);
        Assert.Equal(first.Rows.Count, second.Rows.Count);
        for (var i = 0; i < first.Rows.Count; i++)
        {
            Assert.Equal(first.Rows[i].Timestamp, second.Rows[i].Timestamp);
            Assert.Equal(first.Rows[i].Values, second.Rows[i].Values);
        }
    }

    [Fact]
    public void Generate_OtherSeed_OtherMachines()
    {
        var first = PlantHistoryGenerator.Generate(new PlantHistoryOptions { Machines = 3, Days = 30, Seed = 5 });
        var second = PlantHistoryGenerator.Generate(new PlantHistoryOptions { Machines = 3, Days = 30, Seed = 6 });

        Assert.NotEqual(first.Rows[0].Values, second.Rows[0].Values);
        Assert.NotEqual(first.Events, second.Events);
    }

    [Fact]
    public void Generate_SixMonthsOfThirtyMachines_EveryFailureModeMaintenanceAndErrorCodeOccurs()
    {
        foreach (var component in PlantComponents.All)
        {
            Assert.True(s_plant.Failures.Count(e => e.Detail == component) >= 20, $"at least 20 {component} failures");
            Assert.Contains(s_plant.Events, e => e.Kind == PlantEventKinds.Maintenance && e.Detail == component);
        }

        foreach (var code in PlantComponents.ErrorCodes.Concat(PlantComponents.NoiseErrorCodes))
        {
            Assert.Contains(s_plant.Events, e => e.Kind == PlantEventKinds.Error && e.Detail == code);
        }

        // Realistic, not a failure a week: between 0.3 and 2 failures per machine-month.
        var perMachineMonth = s_plant.Failures.Count() / (30 * 180 / 30.44);
        Assert.InRange(perMachineMonth, 0.3, 2);
        Assert.Equal(3, s_plant.Machines.Select(m => m.Model).Distinct().Count());
    }

    [Fact]
    public void Generate_RowsAreHourlyMeansAndTheMachineIsSilentWhileDown()
    {
        var machine = s_plant.Machines[0].Machine;
        var rows = s_plant.Rows.Where(r => r.Machine == machine).ToList();
        var failure = s_plant.Failures.First(f => f.Machine == machine);

        Assert.All(rows, r => Assert.Equal(0, r.Timestamp.Minute));
        Assert.DoesNotContain(rows, r => r.Timestamp >= failure.Timestamp && r.Timestamp < failure.Timestamp.AddHours(8));
        Assert.Contains(rows, r => r.Timestamp > failure.Timestamp.AddHours(30));
    }

    [Fact]
    public void Generate_LoadChangesTheSensorsAsMuchAsWearDoes()
    {
        // Normalisation matters: on healthy rows (far from any failure), vibration at full load is well above vibration
        // at 40 % load.
        var failures = s_plant.Failures.ToLookup(f => f.Machine);
        var quiet = s_plant.Rows
            .Where(r => !double.IsNaN(r.Values[PlantSensors.VibrationIndex]) && !double.IsNaN(r.Values[PlantSensors.LoadIndex]))
            .Where(r => !failures[r.Machine].Any(f => f.Timestamp > r.Timestamp && f.Timestamp < r.Timestamp.AddDays(10)))
            .ToList();
        var high = quiet.Where(r => r.Values[PlantSensors.LoadIndex] > 95).Average(r => r.Values[PlantSensors.VibrationIndex]);
        var low = quiet.Where(r => r.Values[PlantSensors.LoadIndex] < 45).Average(r => r.Values[PlantSensors.VibrationIndex]);

        Assert.True(high > low * 1.4, $"vibration at full load {high:F2} vs light load {low:F2}");
    }

    [Fact]
    public void Generate_BearingFailures_VibrationRisesInTheLastDayNotAMonthBefore()
    {
        var lastDay = new List<double>();
        var monthBefore = new List<double>();
        foreach (var failure in s_plant.Failures.Where(f => f.Detail == PlantComponents.Bearing))
        {
            var rows = s_plant.Rows.Where(r => r.Machine == failure.Machine).ToList();
            lastDay.AddRange(Ratio(rows, failure.Timestamp.AddHours(-24), failure.Timestamp));
            monthBefore.AddRange(Ratio(rows, failure.Timestamp.AddDays(-30), failure.Timestamp.AddDays(-29)));
        }

        Assert.True(lastDay.Average() > monthBefore.Average() * 1.3, $"vibration per load {lastDay.Average():F3} vs {monthBefore.Average():F3}");
    }

    private static IEnumerable<double> Ratio(List<PlantHistoryRow> rows, DateTimeOffset from, DateTimeOffset to) => rows
        .Where(r => r.Timestamp >= from && r.Timestamp < to && !double.IsNaN(r.Values[PlantSensors.VibrationIndex]) && !double.IsNaN(r.Values[PlantSensors.LoadIndex]))
        .Select(r => r.Values[PlantSensors.VibrationIndex] / (0.45 + (0.7 * r.Values[PlantSensors.LoadIndex] / 100)));
}
