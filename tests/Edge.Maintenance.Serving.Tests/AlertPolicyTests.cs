using Edge.Contracts;
using Edge.Maintenance.Serving;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Maintenance.Serving.Tests;

public sealed class AlertPolicyTests
{
    private static readonly TimeSpan s_window = TimeSpan.FromMinutes(1);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 14, 0, 0, TimeSpan.Zero));
    private readonly AlertPolicy _policy;

    public AlertPolicyTests()
    {
        _policy = new AlertPolicy(
            Options.Create(new MaintenanceOptions
            {
                RaiseAfterWindows = 3,
                ClearAfterWindows = 2,
                Cooldown = TimeSpan.FromMinutes(10),
                EscalateAfter = TimeSpan.FromMinutes(30),
                UpdateInterval = TimeSpan.FromMinutes(5),
            }),
            _time);
    }

    [Fact]
    public void Observe_AbnormalForFewerThanN_RaisesNothingThenOpensOnTheNth()
    {
        Assert.Empty(Window(abnormal: true));
        Assert.Empty(Window(abnormal: true));

        var raised = Assert.Single(Window(abnormal: true));

        Assert.Equal(AlertSeverities.Open, raised.State);
        Assert.Equal(AlertKinds.RemainingLifeLow, raised.AlertKind);
        Assert.Equal(20, raised.PredictedRemainingLife);
        Assert.Equal(raised.FirstSeen, raised.LastUpdated);
        Assert.Single(_policy.OpenAlerts());
    }

    [Fact]
    public void Observe_InterruptedRun_StartsCountingAgain()
    {
        Window(abnormal: true);
        Window(abnormal: true);
        Window(abnormal: false);

        Assert.Empty(Window(abnormal: true));
        Assert.Empty(Window(abnormal: true));
        Assert.Single(Window(abnormal: true));
    }

    [Fact]
    public void Observe_StillAbnormal_UpdatesTheOpenAlertInsteadOfDuplicating()
    {
        var opened = Open();

        Assert.Empty(Window(abnormal: true));
        Assert.Empty(Window(abnormal: true));
        _time.Advance(TimeSpan.FromMinutes(5));
        var updated = Assert.Single(Window(abnormal: true, remainingLife: 18));

        Assert.Equal(opened.AlertId, updated.AlertId);
        Assert.Equal(AlertSeverities.Updated, updated.State);
        Assert.Equal(18, updated.PredictedRemainingLife);
        Assert.Equal(opened.FirstSeen, updated.FirstSeen);
        Assert.Single(_policy.OpenAlerts());
    }

    [Fact]
    public void Observe_SeverityRises_SendsUpdateAtOnce()
    {
        var opened = Open();

        var updated = Assert.Single(Window(abnormal: true, severity: AlertSeverities.Critical, remainingLife: 9));

        Assert.Equal(opened.AlertId, updated.AlertId);
        Assert.Equal(AlertSeverities.Critical, updated.Severity);
    }

    [Fact]
    public void CheckEscalations_UnacknowledgedPastDeadline_EscalatesOnceToCritical()
    {
        var opened = Open();
        _time.Advance(TimeSpan.FromMinutes(28));
        Assert.Empty(_policy.CheckEscalations());

        _time.Advance(TimeSpan.FromMinutes(1));
        var escalated = Assert.Single(_policy.CheckEscalations());

        Assert.Equal(opened.AlertId, escalated.AlertId);
        Assert.Equal(AlertSeverities.Escalated, escalated.State);
        Assert.Equal(AlertSeverities.Critical, escalated.Severity);
        Assert.Empty(_policy.CheckEscalations());
    }

    [Fact]
    public void CheckEscalations_Acknowledged_DoesNotEscalate()
    {
        var opened = Open();

        Assert.True(_policy.Acknowledge(opened.AlertId));
        _time.Advance(TimeSpan.FromHours(2));

        Assert.Empty(_policy.CheckEscalations());
        Assert.True(Assert.Single(_policy.OpenAlerts()).Acknowledged);
        Assert.False(_policy.Acknowledge("alert-unknown"));
    }

    [Fact]
    public void Observe_NormalForMWindows_Clears()
    {
        var opened = Open();

        Assert.Empty(Window(abnormal: false));
        var cleared = Assert.Single(Window(abnormal: false));

        Assert.Equal(opened.AlertId, cleared.AlertId);
        Assert.Equal(AlertSeverities.Cleared, cleared.State);
        Assert.Empty(_policy.OpenAlerts());
    }

    [Fact]
    public void Observe_AbnormalDuringCooldown_RaisesOnlyAfterCooldown()
    {
        var first = Open();
        Window(abnormal: false);
        Window(abnormal: false);

        for (var i = 0; i < 5; i++)
        {
            Assert.Empty(Window(abnormal: true));
        }

        _time.Advance(TimeSpan.FromMinutes(10));
        var second = Assert.Single(Window(abnormal: true));

        Assert.Equal(AlertSeverities.Open, second.State);
        Assert.NotEqual(first.AlertId, second.AlertId);
    }

    [Fact]
    public void Observe_OtherKindOrMachine_TrackedSeparately()
    {
        Open();

        Assert.Empty(Window(abnormal: true, machine: "press-02"));
        Assert.Empty(Window(abnormal: true, kind: AlertKinds.Anomaly));
        Assert.Single(_policy.OpenAlerts());
    }

    private FailureAlert Open()
    {
        Window(abnormal: true);
        Window(abnormal: true);
        return Assert.Single(Window(abnormal: true));
    }

    private IReadOnlyList<FailureAlert> Window(
        bool abnormal,
        string severity = AlertSeverities.Warning,
        double remainingLife = 20,
        string machine = "press-01",
        string kind = AlertKinds.RemainingLifeLow)
    {
        var alerts = _policy.Observe(new AlertObservation
        {
            MachineId = machine,
            Kind = kind,
            Abnormal = abnormal,
            Severity = severity,
            Reason = "test",
            PredictedRemainingLife = remainingLife,
            RemainingLifeUnit = "cycles",
            ModelVersion = "test-model",
        });
        _time.Advance(s_window);
        return alerts;
    }
}
