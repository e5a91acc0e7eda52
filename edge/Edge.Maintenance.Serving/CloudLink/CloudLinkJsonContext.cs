using System.Text.Json;
using System.Text.Json.Serialization;

namespace Edge.Maintenance.Serving.CloudLink;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IReadOnlyList<CloudModelAssignment>))]
[JsonSerializable(typeof(IReadOnlyList<CloudMachineEvent>))]
internal sealed partial class CloudLinkJsonContext : JsonSerializerContext;
