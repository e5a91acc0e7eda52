using System.Text.Json.Serialization;

namespace Edge.Maintenance.Models;

/// <summary>Source-generated JSON for model manifests.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ModelManifest))]
public sealed partial class MaintenanceJsonContext : JsonSerializerContext;
