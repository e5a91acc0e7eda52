namespace Edge.Contracts;

public static class AlertKinds
{
    public const string RemainingLifeLow = "remaining-life-low";
    public const string FailureLikely = "failure-likely";
    public const string Anomaly = "anomaly";
    public const string SensorFault = "sensor-fault";
    public const string Drift = "drift";
}
