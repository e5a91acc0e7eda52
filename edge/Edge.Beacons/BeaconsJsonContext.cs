using System.Text.Json;
using System.Text.Json.Serialization;

namespace Edge.Beacons;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(BeaconsStatus))]
internal sealed partial class BeaconsJsonContext : JsonSerializerContext;
