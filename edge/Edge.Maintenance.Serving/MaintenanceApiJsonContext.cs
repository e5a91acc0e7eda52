using System.Text.Json;
using System.Text.Json.Serialization;

namespace Edge.Maintenance.Serving;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IReadOnlyList<MachinePrediction>))]
[JsonSerializable(typeof(IReadOnlyList<OpenAlert>))]
[JsonSerializable(typeof(ModelsStatus))]
internal sealed partial class MaintenanceApiJsonContext : JsonSerializerContext;
