using System.Text.Json.Serialization;

namespace Edge.Contracts;

/// <summary>Source-generated JSON for every wire message: camelCase, no reflection.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(UplinkEnvelope))]
[JsonSerializable(typeof(UplinkBatch))]
[JsonSerializable(typeof(UplinkMessage))]
[JsonSerializable(typeof(MachineSummary))]
[JsonSerializable(typeof(FailureAlert))]
[JsonSerializable(typeof(FootfallReport))]
[JsonSerializable(typeof(GatewayHealth))]
public sealed partial class ContractsJsonContext : JsonSerializerContext;
