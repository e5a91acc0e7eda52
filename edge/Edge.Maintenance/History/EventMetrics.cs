namespace Edge.Maintenance.History;

/// <summary>
/// Alert quality at event level (<see cref="AlertQuality.Measure"/>): failures caught by an alert within the horizon
/// before them, lead time, false alerts per machine-month and alerts per machine-day over the observed span.
/// </summary>
public sealed record EventMetrics(
    int Machines,
    int Failures,
    double HorizonHours,
    double Precision,
    double Recall,
    double F1,
    double MedianLeadHours,
    double FalseAlertsPerMachineMonth,
    double AlertsPerMachineDay)
{
    public int Caught { get; init; }

    public int AlertEpisodes { get; init; }

    public int FalseAlerts { get; init; }

    public double MachineDays { get; init; }
}
