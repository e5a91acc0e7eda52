using System.Text.Json;
using System.Text.Json.Serialization;

namespace Edge.Gateway.Fleet;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(DeviceRegistryDocument))]
[JsonSerializable(typeof(DeviceActivityDocument))]
[JsonSerializable(typeof(IReadOnlyList<DeviceActivitySnapshot>))]
[JsonSerializable(typeof(IReadOnlyList<Edge.Gateway.Sparkplug.SparkplugNodeSnapshot>))]
internal sealed partial class FleetJsonContext : JsonSerializerContext;
