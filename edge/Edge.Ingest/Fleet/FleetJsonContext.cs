using System.Text.Json;
using System.Text.Json.Serialization;

namespace Edge.Ingest.Fleet;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(DeviceRegistryDocument))]
[JsonSerializable(typeof(DeviceActivityDocument))]
[JsonSerializable(typeof(IReadOnlyList<DeviceActivitySnapshot>))]
internal sealed partial class FleetJsonContext : JsonSerializerContext;
