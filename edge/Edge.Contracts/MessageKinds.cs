namespace Edge.Contracts;

/// <summary>Discriminators of <see cref="UplinkMessage"/>; also the last segment of the uplink topic.</summary>
public static class MessageKinds
{
    public const string MachineSummary = "machine-summary";
    public const string FailureAlert = "failure-alert";
    public const string FootfallReport = "footfall-report";
    public const string GatewayHealth = "gateway-health";
}
