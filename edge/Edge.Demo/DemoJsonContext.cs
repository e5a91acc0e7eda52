using System.Text.Json;
using System.Text.Json.Serialization;

namespace Edge.Demo;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(DemoEventBody))]
[JsonSerializable(typeof(DemoQualityStatus))]
[JsonSerializable(typeof(PlantBenchmarkResult))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class DemoJsonContext : JsonSerializerContext;
