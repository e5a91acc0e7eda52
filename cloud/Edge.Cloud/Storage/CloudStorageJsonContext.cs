using System.Text.Json.Serialization;
using Edge.Contracts;

namespace Edge.Cloud.Storage;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(IReadOnlyList<SensorSummary>))]
[JsonSerializable(typeof(IReadOnlyList<FeatureContribution>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class CloudStorageJsonContext : JsonSerializerContext;
