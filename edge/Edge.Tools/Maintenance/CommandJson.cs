using System.Text.Json.Serialization;
using Edge.Maintenance.Serving;

namespace Edge.Tools.Maintenance;

/// <summary>Last line of <c>model evaluate --dataset cmapss --json</c>.</summary>
internal sealed record CmapssEvaluationJson(string Dataset, int Engines, double Rmse, double Score, double RmseCappedTruth);

/// <summary>Last line of <c>model evaluate --dataset ai4i --json</c>.</summary>
internal sealed record Ai4iEvaluationJson(string Dataset, int Folds, double F1, double Precision, double Recall, double PrAuc);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CmapssEvaluationJson))]
[JsonSerializable(typeof(Ai4iEvaluationJson))]
[JsonSerializable(typeof(HistoryEvaluationJson))]
internal sealed partial class CommandJsonContext : JsonSerializerContext;
