using Edge.Contracts;
using Edge.Maintenance.History;

namespace Edge.Maintenance.Serving.Tests;

public sealed class HistoryServingTests
{
    private const string Machine = "m3";
    private static readonly TimeSpan s_hour = TimeSpan.FromHours(1);

    private static MaintenanceOptions Options(double clockScale = 1) => new()
    {
        RaiseAfterWindows = 2,
        ClearAfterWindows = 3,
        Cooldown = TimeSpan.Zero,
        ClockScale = clockScale,
    };

    [Fact]
    public async Task OnWindowClosed_HistoryModel_PredictsWithIntervalAlertsBeforeFailureAndNoFallback()
    {
        await using var harness = await ServingHarness.StartAsync(Options());
        harness.LoadModel("plant.zip", SyntheticHistory.Model());
        const int life = 260;
        int? firstAlert = null;
        FailureAlert? alert = null;
        for (var hour = 0; hour < life; hour++)
        {
            await Feed(harness, Machine, hour, SyntheticHistory.Row(3, hour, life - hour));
            if (firstAlert is null && harness.Policy.OpenAlerts().FirstOrDefault(a => a.Alert.MachineId == Machine) is { } open)
            {
                (firstAlert, alert) = (hour, open.Alert);
            }
        }

        var predictions = harness.Observer.Predictions.Where(p => p.MachineId == Machine).ToList();
        Assert.DoesNotContain(predictions, p => p.Source == MaintenanceObserver.FallbackSource);
        var history = Assert.Single(predictions);
        Assert.Equal("history", history.Kind);
        Assert.NotNull(history.FailureProbability);
        Assert.NotNull(history.PredictedRemainingLife);
        Assert.InRange(history.PredictedRemainingLife!.Value, history.RemainingLifeLower!.Value, history.RemainingLifeUpper!.Value);
        Assert.NotNull(firstAlert);
        Assert.InRange(life - firstAlert!.Value, 1, 96);
        Assert.Equal(AlertKinds.FailureLikely, alert!.AlertKind);
        Assert.NotNull(alert.FailureProbability);
        Assert.NotNull(alert.RemainingLifeLower);
        Assert.NotNull(alert.RemainingLifeUpper);
        Assert.True(alert.RemainingLifeLower <= alert.RemainingLifeUpper);
    }

    [Fact]
    public async Task Restart_FromCheckpoint_NextPredictionSameAsWithoutRestart()
    {
        await using var running = await ServingHarness.StartAsync(Options());
        running.LoadModel("plant.zip", SyntheticHistory.Model());
        for (var hour = 0; hour < 120; hour++)
        {
            await Feed(running, Machine, hour, SyntheticHistory.Row(3, hour, 150 - hour));
        }

        Assert.Equal(1, running.State.Checkpoint());
        await using var restarted = await running.RestartAsync();
        await using var fresh = await ServingHarness.StartAsync(Options());
        fresh.LoadModel("plant.zip", SyntheticHistory.Model());

        foreach (var harness in new[] { running, restarted, fresh })
        {
            // Healthy readings after worn ones: only a state that remembers the wear still sees it.
            await Feed(harness, Machine, 120, SyntheticHistory.Row(3, 120, 400));
            await Feed(harness, Machine, 121, SyntheticHistory.Row(3, 121, 400));
        }

        var expected = History(running);
        var actual = History(restarted);
        Assert.Equal(expected.FailureProbability, actual.FailureProbability);
        Assert.Equal(expected.PredictedRemainingLife, actual.PredictedRemainingLife);
        Assert.Equal(expected.RemainingLifeLower, actual.RemainingLifeLower);
        Assert.Equal(expected.RemainingLifeUpper, actual.RemainingLifeUpper);
        // Without the checkpoint the machine starts afresh and predicts something else.
        Assert.NotEqual(expected.FailureProbability, History(fresh).FailureProbability);
    }

    [Fact]
    public async Task Restore_CorruptCheckpoints_CountedSkippedAndMachinesStillScored()
    {
        await using var running = await ServingHarness.StartAsync(Options());
        running.LoadModel("plant.zip", SyntheticHistory.Model());
        for (var hour = 0; hour < 30; hour++)
        {
            await Feed(running, Machine, hour, SyntheticHistory.Row(3, hour, 200));
        }

        running.State.Checkpoint();
        var good = running.Database.LoadStates()[Machine];
        running.Database.SaveStates([new("garbage", [1, 2, 3]), new("truncated", good[..(good.Length / 2)]), new("bad-state", Corrupt(good))], running.Time.GetUtcNow());

        await using var restarted = await running.RestartAsync();
        foreach (var machine in new[] { "garbage", "truncated", "bad-state", Machine })
        {
            await Feed(restarted, machine, 30, SyntheticHistory.Row(3, 30, 200));
            await Feed(restarted, machine, 31, SyntheticHistory.Row(3, 31, 200));
        }

        Assert.Equal(3, restarted.Observer.History().CorruptCheckpoints);
        Assert.Equal(4, restarted.Observer.Predictions.Count(p => p.Kind == "history"));
    }

    [Fact]
    public async Task Record_Maintenance_RestartsTheRollingState()
    {
        await using var repaired = await ServingHarness.StartAsync(Options());
        await using var control = await ServingHarness.StartAsync(Options());
        foreach (var harness in new[] { repaired, control })
        {
            harness.LoadModel("plant.zip", SyntheticHistory.Model());
            for (var hour = 0; hour < 100; hour++)
            {
                await Feed(harness, Machine, hour, SyntheticHistory.Row(3, hour, 110 - hour));
            }
        }

        var at = SyntheticHistory.Start.AddHours(99.5);
        var result = MaintenanceApi.RecordEvent(Machine, new MachineEventRequest { Kind = "repair", Detail = "bearing", Timestamp = at }, repaired.State, repaired.Time);
        Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.Created<State.StoredMachineEvent>>(result.Result);
        foreach (var harness in new[] { repaired, control })
        {
            for (var hour = 100; hour < 103; hour++)
            {
                await Feed(harness, Machine, hour, SyntheticHistory.Row(3, hour, 400));
            }
        }

        var stored = Assert.Single(repaired.Database.Events(Machine, 10));
        Assert.Equal((MachineEventKinds.Maintenance, "repair:bearing", "local"), (stored.Kind, stored.Detail, stored.Source));
        Assert.True(History(repaired).FailureProbability < History(control).FailureProbability, $"{History(repaired).FailureProbability} vs {History(control).FailureProbability}");
    }

    [Fact]
    public async Task OnWindowClosed_ModelArrivesForMachineOnFallback_AnomalyAlertCleared()
    {
        await using var harness = await ServingHarness.StartAsync(Options());
        for (var hour = 0; hour < 30; hour++)
        {
            await Feed(harness, Machine, hour, [1.0 + (Math.Sin(hour) * 0.1), 60 + Math.Cos(hour)]);
        }

        for (var hour = 30; hour < 33; hour++)
        {
            await Feed(harness, Machine, hour, [9.0, 60]);
        }

        Assert.Contains(harness.Policy.OpenAlerts(), open => open.Alert.MachineId == Machine && open.Alert.AlertKind == AlertKinds.Anomaly);
        harness.LoadModel("plant.zip", SyntheticHistory.Model());
        await Feed(harness, Machine, 33, [9.0, 60]);

        Assert.DoesNotContain(harness.Policy.OpenAlerts(), open => open.Alert.AlertKind == AlertKinds.Anomaly);
        Assert.DoesNotContain(harness.Observer.Predictions, p => p.Source == MaintenanceObserver.FallbackSource);
    }

    [Fact]
    public async Task OnWindowClosed_RetrainedModelSwappedIn_ContinuesFromTheMachineState()
    {
        await using var swapped = await ServingHarness.StartAsync(Options());
        await using var allAlong = await ServingHarness.StartAsync(Options());
        await using var fresh = await ServingHarness.StartAsync(Options());
        swapped.LoadModel("plant.zip", SyntheticHistory.Model());
        allAlong.LoadModel("plant.zip", SyntheticHistory.Model("v2", seed: 7));
        for (var hour = 0; hour < 50; hour++)
        {
            await Feed(swapped, Machine, hour, SyntheticHistory.Row(3, hour, 60 - hour));
            await Feed(allAlong, Machine, hour, SyntheticHistory.Row(3, hour, 60 - hour));
        }

        swapped.LoadModel("plant.zip", SyntheticHistory.Model("v2", seed: 7));
        fresh.LoadModel("plant.zip", SyntheticHistory.Model("v2", seed: 7));
        foreach (var harness in new[] { swapped, allAlong, fresh })
        {
            await Feed(harness, Machine, 50, SyntheticHistory.Row(3, 50, 400));
        }

        Assert.Equal(HistoryModel.Load(SyntheticHistory.Model("v2", seed: 7)).Version, History(swapped).ModelVersion);
        Assert.Equal(History(allAlong).FailureProbability, History(swapped).FailureProbability);
        Assert.NotEqual(History(fresh).FailureProbability, History(swapped).FailureProbability);
    }

    [Fact]
    public async Task ModelsFor_FilesNamedAfterKinds_EachKindGetsItsOwnAndTheRestTheDefault()
    {
        var options = Options();
        options.MachineKinds["press-*"] = "press";
        await using var harness = await ServingHarness.StartAsync(options);
        harness.LoadModel("press.zip", SyntheticHistory.Model());
        harness.LoadModel("plant.zip", SyntheticHistory.Model("v2", seed: 7));
        await Feed(harness, "press-1", 0, SyntheticHistory.Row(1, 0, 300));
        await Feed(harness, "pump-1", 0, SyntheticHistory.Row(1, 0, 300));

        Assert.Equal("press.zip", harness.Observer.Predictions.Single(p => p.MachineId == "press-1").Source);
        Assert.Equal("plant.zip", harness.Observer.Predictions.Single(p => p.MachineId == "pump-1").Source);
        var kinds = harness.Observer.History().Kinds.ToDictionary(k => k.Kind);
        Assert.Equal("press.zip", kinds["press"].ServingSource);
        Assert.Equal("plant.zip", kinds["default"].ServingSource);
    }

    [Fact]
    public void RecordEvent_UnknownKind_Refused()
    {
        var result = MaintenanceApi.RecordEvent(Machine, new MachineEventRequest { Kind = "exploded" }, null!, TimeProvider.System);
        Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.ValidationProblem>(result.Result);
    }

    [Fact]
    public async Task OnWindowClosed_ClockScale_FiveSecondWindowsAreHourlySteps()
    {
        await using var scaled = await ServingHarness.StartAsync(Options(clockScale: 720));
        await using var hourly = await ServingHarness.StartAsync(Options());
        await using var real = await ServingHarness.StartAsync(Options());
        var start = scaled.Time.GetUtcNow();
        foreach (var (harness, length) in new[] { (scaled, TimeSpan.FromSeconds(5)), (hourly, s_hour), (real, TimeSpan.FromSeconds(5)) })
        {
            harness.LoadModel("plant.zip", SyntheticHistory.Model());
            for (var window = 0; window < 8; window++)
            {
                // Wear rising window by window: as hourly steps it is a trend, inside one hour it is one mean.
                var end = start + TimeSpan.FromSeconds(5) + (window * length);
                await harness.Observer.OnWindowClosedAsync(ServingHarness.Window(Machine, end, length, SyntheticHistory.Row(3, window, 70 - (8 * window))), CancellationToken.None);
            }
        }

        var (a, b, c) = (History(scaled), History(hourly), History(real));
        Assert.Equal((b.FailureProbability, b.PredictedRemainingLife), (a.FailureProbability, a.PredictedRemainingLife));
        Assert.NotEqual((c.FailureProbability, c.PredictedRemainingLife), (a.FailureProbability, a.PredictedRemainingLife));
    }

    internal static Task Feed(ServingHarness harness, string machine, int hour, double[] values) =>
        harness.Observer.OnWindowClosedAsync(ServingHarness.Window(machine, SyntheticHistory.Start.AddHours(hour + 1), s_hour, values), CancellationToken.None).AsTask();

    private static MachinePrediction History(ServingHarness harness) =>
        harness.Observer.Predictions.Single(p => p.MachineId == Machine && p.Kind == "history");

    private static byte[] Corrupt(byte[] checkpoint)
    {
        // The frame stays valid, the model's state inside does not.
        var bytes = checkpoint.ToArray();
        for (var i = bytes.Length - 40; i < bytes.Length; i++)
        {
            bytes[i] = 0xFF;
        }

        return bytes;
    }
}
