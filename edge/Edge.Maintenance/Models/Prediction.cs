namespace Edge.Maintenance.Models;

/// <summary>
/// One scored feature vector: the prediction (remaining life, or failure probability) and the contribution of each
/// feature to it (tree path contributions, same order as <see cref="ModelManifest.FeatureNames"/>).
/// </summary>
public sealed record Prediction(double Value, IReadOnlyList<float> Contributions);
