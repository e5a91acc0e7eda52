namespace Edge.Demo;

/// <summary>
/// The demo's alert quality so far, measured against the simulator's ground truth (<c>GET /api/demo/quality</c> on the
/// gateway's local web, and a console line every <see cref="DemoOptions.QualityInterval"/>). Event-level, as in MODEL.md:
/// a failure is caught when an alert started within <see cref="HorizonHours"/> before it; an alert with no failure within
/// the horizon after it is false; plant hours are the live machines' plant time since start.
/// </summary>
public sealed record DemoQualityStatus
{
    public required double PlantHours { get; init; }

    public required double HorizonHours { get; init; }

    public required int Machines { get; init; }

    /// <summary>Ground-truth failures of the live machines so far.</summary>
    public required int Failures { get; init; }

    public required int Caught { get; init; }

    public required double Recall { get; init; }

    public required double Precision { get; init; }

    public required int FalseAlerts { get; init; }

    public required double FalseAlertsPerMachineMonth { get; init; }

    public required double MedianLeadHours { get; init; }

    /// <summary>Alerts raised by the gateway (every kind), and those of them raised by the anomaly fallback.</summary>
    public required int Alerts { get; init; }

    public required int AnomalyAlerts { get; init; }

    public string? ModelVersion { get; init; }

    /// <summary>Seconds from demo start to the first prediction by the trained model on the gateway (null: none yet).</summary>
    public double? FirstModelPredictionSeconds { get; init; }

    /// <summary>Seconds spent generating the history and training at start (0 when a model was already there).</summary>
    public double TrainingSeconds { get; init; }

    /// <summary>Simulated events (failures, maintenance, error codes) the gateway accepted, and those it did not.</summary>
    public long EventsForwarded { get; init; }

    public long EventsRefused { get; init; }
}
