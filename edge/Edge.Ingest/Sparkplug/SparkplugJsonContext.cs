using System.Text.Json;
using System.Text.Json.Serialization;

namespace Edge.Ingest.Sparkplug;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(IReadOnlyList<SparkplugNodeSnapshot>))]
internal sealed partial class SparkplugJsonContext : JsonSerializerContext;
