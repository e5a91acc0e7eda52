namespace Edge.Gateway.Health;

/// <summary>Section <c>Health</c>.</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>How often a <c>GatewayHealth</c> record is committed for the cloud.</summary>
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromMinutes(5);
}
