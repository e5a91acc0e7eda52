using System.Text.Json;
using System.Text.Json.Serialization;

namespace Edge.Gateway.LocalWeb;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(GatewayStatus))]
internal sealed partial class LocalWebJsonContext : JsonSerializerContext;
