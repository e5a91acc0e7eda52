namespace Edge.Cloud.Storage;

/// <summary>Where a model stands at a site for a machine kind.</summary>
public static class ModelStages
{
    /// <summary>Scores and raises alerts.</summary>
    public const string Serving = "serving";

    /// <summary>Scored and compared on the gateway, never alerts; promoted by an admin or after <c>Models:ShadowDays</c>.</summary>
    public const string Shadow = "shadow";

    /// <summary>The model that served before the last promotion: what a rollback returns to.</summary>
    public const string Previous = "previous";
}
