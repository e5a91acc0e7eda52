namespace Edge.Maintenance.Models;

/// <summary>What a model predicts; decides how the gateway builds its features and which alert it can raise.</summary>
public static class ModelKinds
{
    /// <summary>Regressor of remaining useful life over a sequence of per-cycle (per-window) values.</summary>
    public const string RemainingLife = "remaining-life";

    /// <summary>Binary classifier of "machine failure" from the current operating point (AI4I-style tabular features).</summary>
    public const string FailureProbability = "failure-probability";
}
