using System.Text.Json.Serialization;

namespace Edge.Privacy;

/// <summary>Source-generated JSON of the transparency report.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(PrivacyReport))]
internal sealed partial class PrivacyJsonContext : JsonSerializerContext;
