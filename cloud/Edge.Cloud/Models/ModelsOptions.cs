namespace Edge.Cloud.Models;

/// <summary>Section <c>Models</c>: the model registry (signing key, upload size, shadow period).</summary>
public sealed class ModelsOptions
{
    public const string Section = "Models";

    /// <summary>
    /// PEM file of the cloud's ECDSA P-256 signing key, created (mode 0600) on first start when missing. Relative paths
    /// resolve against <c>Cloud:DataDirectory</c>. Every replica of the API must read the same key.
    /// </summary>
    public string SigningKeyPath { get; set; } = "model-signing-key.pem";

    /// <summary>Days a model runs in shadow before it is promoted automatically (0: at the next check).</summary>
    public double ShadowDays { get; set; } = 7;

    /// <summary>Largest model file accepted by <c>POST /api/models</c>.</summary>
    public long MaxModelBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>How often shadow models are checked for automatic promotion.</summary>
    public TimeSpan PromotionCheckInterval { get; set; } = TimeSpan.FromMinutes(10);
}
