using System.Text.Json.Serialization;

namespace Edge.Maintenance.History;

/// <summary>Source-generated JSON for history model manifests (a figure that does not apply is NaN, written as "NaN").</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(HistoryManifest))]
internal sealed partial class HistoryJsonContext : JsonSerializerContext;
