using Edge.Maintenance.Serving;

namespace Edge.Tools.Maintenance;

/// <summary>
/// One replayed engine: when it fails (cycle), the cycle at which its first true remaining-life alert arrived and the
/// lead time that left, and how many alerts opened too early to be true (false alerts).
/// </summary>
internal sealed record EngineReplayResult(int Unit, int LastCycle, int FailureCycle, int? FirstAlertCycle, int FalseAlerts, int AnomalyAlerts)
{
    public int? LeadTime => FirstAlertCycle is { } cycle ? FailureCycle - cycle : null;

    public bool ReachesFailure => FailureCycle == LastCycle;
}
