using System.Text.Json;
using System.Text.Json.Serialization;

namespace Edge.Cloud.Notifications;

/// <summary>The webhook's body: the same web defaults (camelCase) as the API, owned here so notifications need nothing from the API.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AlertNotification))]
internal sealed partial class NotificationsJsonContext : JsonSerializerContext;
