using Microsoft.ML;
using Microsoft.ML.Data;

namespace Edge.Maintenance.Training;

/// <summary>Training and scoring row of a regressor: the label and a feature vector whose length is fixed per model.</summary>
internal sealed class RegressionRow
{
    public float Label { get; set; }

    public float[] Features { get; set; } = [];
}

/// <summary>Training and scoring row of a binary classifier.</summary>
internal sealed class BinaryRow
{
    public bool Label { get; set; }

    public float[] Features { get; set; } = [];
}

internal sealed class RegressionOutput
{
    public float Score { get; set; }

    public float[] FeatureContributions { get; set; } = [];
}

internal sealed class BinaryOutput
{
    public float Probability { get; set; }

    public float[] FeatureContributions { get; set; } = [];
}

internal static class MlRows
{
    /// <summary>Schema of <typeparamref name="T"/> with the feature vector sized, as ML.NET needs a known vector length.</summary>
    public static SchemaDefinition Schema<T>(int featureCount)
    {
        var definition = SchemaDefinition.Create(typeof(T));
        definition[nameof(RegressionRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        return definition;
    }

    public static IDataView Regression(MLContext context, IEnumerable<RegressionRow> rows, int featureCount) =>
        context.Data.LoadFromEnumerable(rows, Schema<RegressionRow>(featureCount));

    public static IDataView Binary(MLContext context, IEnumerable<BinaryRow> rows, int featureCount) =>
        context.Data.LoadFromEnumerable(rows, Schema<BinaryRow>(featureCount));
}
