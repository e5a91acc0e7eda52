using System.Text.Json.Serialization;

namespace Edge.Maintenance.Cards;

/// <summary>Source-generated JSON for model cards; the same options as the manifest's <see cref="Models.MaintenanceJsonContext"/>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ModelCardData))]
internal sealed partial class ModelCardJsonContext : JsonSerializerContext;
