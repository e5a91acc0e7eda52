using Edge.Contracts;
using Edge.Maintenance.Serving;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Maintenance.Serving.Tests;

/// <summary>The policy keeps state only for a (machine, kind) that has something to remember; healthy machines cost nothing.</summary>
public sealed class AlertPolicyStateTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 14, 0, 0, TimeSpan.Zero));
    private readonly AlertPolicy _policy;

    public AlertPolicyStateTests()
    {
        _policy = new AlertPolicy(
            Options.Create(new MaintenanceOptions { RaiseAfterWindows = 3, ClearAfterWindows = 2, Cooldown = TimeSpan.FromMinutes(10) }),
            _time);
    }

    [Fact]
    public void Observe_NormalWindowsOfManyMachines_KeepsNothing()
    {
        for (var machine = 0; machine < 50; machine++)
        {
            Assert.Empty(Window($"m-{machine}", abnormal: false));
        }

        Assert.Equal(0, _policy.Tracked);
    }

    [Fact]
    public void Observe_ShortAbnormalRunThenNormal_ForgetsTheRunAndCountsAgainFromOne()
    {
        Window("m-1", abnormal: true);
        Window("m-1", abnormal: true);
        Assert.Equal(1, _policy.Tracked);

        Window("m-1", abnormal: false);

        Assert.Equal(0, _policy.Tracked);
        Assert.Empty(Window("m-1", abnormal: true));
        Assert.Empty(Window("m-1", abnormal: true));
        Assert.Single(Window("m-1", abnormal: true));
    }

    [Fact]
    public void Observe_ClearedAlert_RemembersTheCooldownThenForgets()
    {
        Window("m-1", abnormal: true);
        Window("m-1", abnormal: true);
        Assert.Single(Window("m-1", abnormal: true));
        Window("m-1", abnormal: false);
        Assert.Equal(AlertSeverities.Cleared, Assert.Single(Window("m-1", abnormal: false)).State);

        Window("m-1", abnormal: false);
        Assert.Equal(1, _policy.Tracked);

        _time.Advance(TimeSpan.FromMinutes(10));
        Window("m-1", abnormal: false);

        Assert.Equal(0, _policy.Tracked);
    }

    private IReadOnlyList<FailureAlert> Window(string machine, bool abnormal)
    {
        var alerts = _policy.Observe(new AlertObservation
        {
            MachineId = machine,
            Kind = AlertKinds.RemainingLifeLow,
            Abnormal = abnormal,
            Reason = "test",
            PredictedRemainingLife = abnormal ? 20 : 100,
            RemainingLifeUnit = "cycles",
        });
        _time.Advance(TimeSpan.FromMinutes(1));
        return alerts;
    }
}
