namespace Edge.Maintenance.Serving.Tests;

public sealed class AnomalyCheckpointTests
{
    [Fact]
    public async Task Restart_MachineWithoutModel_AnomalyBaselineKept()
    {
        var options = new MaintenanceOptions { AnomalyWarmUpWindows = 20 };
        await using var running = await ServingHarness.StartAsync(options);
        for (var hour = 0; hour < 40; hour++)
        {
            await HistoryServingTests.Feed(running, "pump", hour, [1.0 + (Math.Sin(hour) * 0.1), 60 + Math.Cos(hour)]);
        }

        running.State.Checkpoint();
        await using var restarted = await running.RestartAsync();
        await using var fresh = await ServingHarness.StartAsync(options);
        foreach (var harness in new[] { running, restarted, fresh })
        {
            // A jump of many standard deviations: anomalous against a learnt baseline, unseen during a warm-up.
            await HistoryServingTests.Feed(harness, "pump", 40, [2.5, 60]);
        }

        var expected = Fallback(running);
        var actual = Fallback(restarted);
        Assert.True(expected.Abnormal);
        Assert.True(actual.Abnormal);
        Assert.False(Fallback(fresh).Abnormal);
        var z = expected.TopFeatures.Single(f => f.Feature == "vibration").Contribution;
        Assert.Equal(z, actual.TopFeatures.Single(f => f.Feature == "vibration").Contribution, 6);
    }

    private static MachinePrediction Fallback(ServingHarness harness) =>
        harness.Observer.Predictions.Single(p => p.MachineId == "pump" && p.Source == MaintenanceObserver.FallbackSource);
}
