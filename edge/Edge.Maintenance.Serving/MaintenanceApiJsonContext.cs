using System.Text.Json;
using System.Text.Json.Serialization;
using Edge.Maintenance.Serving.State;

namespace Edge.Maintenance.Serving;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IReadOnlyList<MachinePrediction>))]
[JsonSerializable(typeof(IReadOnlyList<OpenAlert>))]
[JsonSerializable(typeof(ModelsStatus))]
[JsonSerializable(typeof(MachineEventRequest))]
[JsonSerializable(typeof(StoredMachineEvent))]
[JsonSerializable(typeof(List<StoredMachineEvent>))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
internal sealed partial class MaintenanceApiJsonContext : JsonSerializerContext;
