using System.Text.Json.Serialization;
using Edge.Maintenance.Cards;

namespace Edge.Maintenance.Models;

/// <summary>Source-generated JSON for manifests and model cards.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ModelManifest))]
[JsonSerializable(typeof(ModelCardData))]
public sealed partial class MaintenanceJsonContext : JsonSerializerContext;
