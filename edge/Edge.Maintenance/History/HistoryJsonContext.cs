using System.Text.Json.Serialization;

namespace Edge.Maintenance.History;

/// <summary>Source-generated JSON for history model manifests.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HistoryManifest))]
internal sealed partial class HistoryJsonContext : JsonSerializerContext;
