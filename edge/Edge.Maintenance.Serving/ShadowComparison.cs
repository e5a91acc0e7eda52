namespace Edge.Maintenance.Serving;

/// <summary>
/// Serving against shadow for one machine kind, over the windows both scored since the pair last changed: how many,
/// how often their alert decisions agreed, and the mean absolute difference of their failure probabilities.
/// </summary>
public sealed record ShadowComparison(string Kind, string ServingVersion, string ShadowVersion, long Predictions, long Agreements, double MeanAbsoluteDifference)
{
    public double? Agreement => Predictions == 0 ? null : (double)Agreements / Predictions;
}
