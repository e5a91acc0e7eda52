using Edge.Maintenance.History;
using Edge.Maintenance.Serving.CloudLink;
using Edge.TestKit;
using Xunit.Abstractions;

namespace Edge.Maintenance.Serving.Tests;

/// <summary>
/// Gateway memory per machine with a history model (issue 15: at most 8 KB): everything the maintenance capability keeps
/// per machine (feature state of the serving and the shadow model, window history, latest predictions), measured as the
/// managed heap growth over 1,000 machines after 60 windows each.
/// <c>EDGE_MEASURE=1 dotnet test tests/Edge.Maintenance.Serving.Tests --filter Category=Measurement --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Measurement")]
public sealed class HistoryMemoryMeasurements(ITestOutputHelper output)
{
    private const int Machines = 1000;
    private const int Windows = 60;

    [MeasurementFact("EDGE_MEASURE")]
    public async Task Observer_ThousandMachinesWithHistoryModel_BytesPerMachine()
    {
        foreach (var (model, shadow, sensors) in new[] { (false, false, 2), (true, false, 2), (true, true, 2), (false, false, 8), (true, false, 8), (true, true, 8) })
        {
            await using var harness = await ServingHarness.StartAsync(new MaintenanceOptions());
            if (model)
            {
                harness.LoadModel("plant.zip", SyntheticHistory.Model(sensors == 2 ? "v1" : "wide", sensors: sensors));
            }

            if (shadow)
            {
                harness.Registry.Assign("default", CloudModelStages.Shadow, HistoryModel.Load(SyntheticHistory.Model(sensors == 2 ? "v2" : "wide-v2", seed: 7, sensors: sensors)), "cloud/default/shadow");
            }

            // Warm-up (JIT, ML.NET prediction engines, shared sensor layout) on a machine outside the count.
            for (var hour = 0; hour < Windows; hour++)
            {
                await HistoryServingTests.Feed(harness, "warm-up", hour, SyntheticHistory.Row(0, hour, 500, sensors));
            }

            var before = Heap();
            for (var hour = 0; hour < Windows; hour++)
            {
                for (var m = 0; m < Machines; m++)
                {
                    await HistoryServingTests.Feed(harness, "m" + m, hour, SyntheticHistory.Row(m, hour, 300 + (m % 200), sensors));
                }
            }

            var after = Heap();
            var checkpoint = harness.Observer.Checkpoint().History;
            var state = HistoryModel.Load(SyntheticHistory.Model(sensors == 2 ? "v1" : "wide", sensors: sensors)).CreateState();
            output.WriteLine(
                $"{sensors} sensors, {(!model ? "no model (anomaly fallback)" : shadow ? "serving + shadow" : "serving only")}: {(after - before) / (double)Machines:F0} bytes per machine " +
                $"({Machines} machines x {Windows} windows, heap {before / 1024} KB -> {after / 1024} KB); " +
                $"checkpoint row {(checkpoint.Count == 0 ? 0 : checkpoint.Average(row => row.Value.Length)):F0} bytes; HistoryMachineState.ApproximateBytes {state.ApproximateBytes}");
            GC.KeepAlive(harness);
        }
    }

    [MeasurementFact("EDGE_MEASURE")]
    public void HistoryMachineState_ThousandMachines_BytesEach()
    {
        var model = HistoryModel.Load(SyntheticHistory.Model());
        var states = new HistoryMachineState[Machines];
        var before = Heap();
        for (var m = 0; m < Machines; m++)
        {
            states[m] = model.CreateState();
            for (var hour = 0; hour < Windows; hour++)
            {
                states[m].Push(SyntheticHistory.Start.AddHours(hour), SyntheticHistory.Row(m, hour, 300));
            }
        }

        var after = Heap();
        output.WriteLine($"HistoryMachineState after {Windows} steps: {(after - before) / (double)Machines:F0} bytes each measured, ApproximateBytes says {states[0].ApproximateBytes}");
        GC.KeepAlive(states);
    }

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
