using System.Text.Json;
using System.Text.Json.Serialization;

namespace Edge.Sensing;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(SensorsResponse))]
internal sealed partial class SensingJsonContext : JsonSerializerContext;
