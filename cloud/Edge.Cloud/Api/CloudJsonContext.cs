using System.Text.Json;
using System.Text.Json.Serialization;
using Edge.Cloud.Storage;

namespace Edge.Cloud.Api;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IReadOnlyList<GatewayRow>))]
[JsonSerializable(typeof(IReadOnlyList<MachineRow>))]
[JsonSerializable(typeof(IReadOnlyList<SummaryRow>))]
[JsonSerializable(typeof(IngestStatus))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Http.HttpValidationProblemDetails))]
internal sealed partial class CloudJsonContext : JsonSerializerContext;
