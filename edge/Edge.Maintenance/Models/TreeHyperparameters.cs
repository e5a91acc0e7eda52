namespace Edge.Maintenance.Models;

/// <summary>Hyperparameters of a boosted-tree model (ML.NET FastTree).</summary>
public sealed record TreeHyperparameters(
    int Trees,
    int Leaves,
    double LearningRate,
    int MinimumExamplesPerLeaf,
    double FeatureFraction = 1.0,
    int MaximumBinsPerFeature = 255)
{
    public override string ToString() =>
        $"trees={Trees} leaves={Leaves} learningRate={LearningRate} minLeaf={MinimumExamplesPerLeaf} featureFraction={FeatureFraction} bins={MaximumBinsPerFeature}";
}
