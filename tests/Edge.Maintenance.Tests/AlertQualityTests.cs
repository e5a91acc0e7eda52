using Edge.Maintenance.History;

namespace Edge.Maintenance.Tests;

/// <summary>Event-level alert quality on hand-made cases (horizon 48 h, machines observed for 30 days).</summary>
public sealed class AlertQualityTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_horizon = TimeSpan.FromHours(48);

    private static Dictionary<string, (DateTimeOffset, DateTimeOffset)> Observed(params string[] machines) =>
        machines.ToDictionary(m => m, _ => (s_t0, s_t0.AddDays(30)));

    private static MachineEvent Failure(string machine, double hours) => new(s_t0.AddHours(hours), machine, MachineEventKinds.Failure, "bearing");

    [Fact]
    public void Measure_AlertWithinHorizonBeforeFailure_CatchesItWithLeadFromTheFirstAlertOfTheEpisode()
    {
        var alerts = new List<(DateTimeOffset, string)> { (s_t0.AddHours(100), "m1"), (s_t0.AddHours(110), "m1"), (s_t0.AddHours(130), "m1") };

        var metrics = AlertQuality.Measure(alerts, [Failure("m1", 140)], Observed("m1"), s_horizon);

        Assert.Equal(1, metrics.Failures);
        Assert.Equal(1, metrics.Caught);
        Assert.Equal(1, metrics.AlertEpisodes);
        Assert.Equal(1.0, metrics.Recall);
        Assert.Equal(1.0, metrics.Precision);
        Assert.Equal(40, metrics.MedianLeadHours);
        Assert.Equal(0, metrics.FalseAlertsPerMachineMonth);
    }

    [Fact]
    public void Measure_AlertTooEarlyAndAlertWithoutFailure_AreFalseAlertsAndTheFailureIsMissed()
    {
        var alerts = new List<(DateTimeOffset, string)> { (s_t0.AddHours(50), "m1"), (s_t0.AddHours(300), "m2") };

        var metrics = AlertQuality.Measure(alerts, [Failure("m1", 140)], Observed("m1", "m2"), s_horizon);

        Assert.Equal(0, metrics.Caught);
        Assert.Equal(0.0, metrics.Recall);
        Assert.Equal(2, metrics.FalseAlerts);
        Assert.Equal(0.0, metrics.Precision);
        // 2 false alerts over 2 machines x 30 days = 60 machine-days = 1.971 machine-months.
        Assert.Equal(2 / (60 / (365.25 / 12)), metrics.FalseAlertsPerMachineMonth, 6);
        Assert.Equal(2 / 60.0, metrics.AlertsPerMachineDay, 6);
    }

    [Fact]
    public void Measure_AlertAfterAFailure_DoesNotCountForIt_AndAlertsMoreThanAHorizonApartAreTwoEpisodes()
    {
        var alerts = new List<(DateTimeOffset, string)> { (s_t0.AddHours(10), "m1"), (s_t0.AddHours(70), "m1"), (s_t0.AddHours(100), "m1") };
        MachineEvent[] failures = [Failure("m1", 80), Failure("m1", 200)];

        var metrics = AlertQuality.Measure(alerts, failures, Observed("m1"), s_horizon);

        // Episodes start at 10 (false: nothing by 58), 70 (catches 80, lead 10); 100 is a new episode (a failure lies
        // between it and 70) and is false: 200 is more than 48 h later, so the second failure is missed.
        Assert.Equal(3, metrics.AlertEpisodes);
        Assert.Equal(1, metrics.Caught);
        Assert.Equal(2, metrics.FalseAlerts);
        Assert.Equal(0.5, metrics.Recall);
        Assert.Equal(10, metrics.MedianLeadHours);
        Assert.Equal(1 / 3.0, metrics.Precision, 6);
    }

    [Fact]
    public void Measure_AlertNearTheEndOfObservation_IsUndecided_AndOutsideSpanIsIgnored()
    {
        var alerts = new List<(DateTimeOffset, string)> { (s_t0.AddDays(29.5), "m1"), (s_t0.AddDays(-3), "m1"), (s_t0.AddDays(1), "unobserved") };

        var metrics = AlertQuality.Measure(alerts, [Failure("unobserved", 30)], Observed("m1"), s_horizon);

        Assert.Equal(1, metrics.AlertEpisodes);
        Assert.Equal(0, metrics.FalseAlerts);
        Assert.Equal(0, metrics.Failures);
    }
}
