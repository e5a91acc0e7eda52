using System.Text.Json;
using System.Text.Json.Serialization;

namespace Edge.StoreForward.Outbox;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(OutboxStatus))]
internal sealed partial class OutboxJsonContext : JsonSerializerContext;
