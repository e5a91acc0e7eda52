namespace Edge.Maintenance.Serving.CloudLink;

/// <summary>Stages of an assigned model: serving raises alerts; shadow is scored and compared, never alerts.</summary>
public static class CloudModelStages
{
    public const string Serving = "serving";
    public const string Shadow = "shadow";
}
