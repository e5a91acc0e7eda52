using Microsoft.ML;
using Microsoft.ML.Data;

namespace Edge.Maintenance.Models;

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
