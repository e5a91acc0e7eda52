using System.Text.Json;
using System.Text.Json.Serialization;
using Edge.Cloud.Access;
using Edge.Cloud.Storage;

namespace Edge.Cloud.Api;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IReadOnlyList<GatewayRow>))]
[JsonSerializable(typeof(IReadOnlyList<MachineRow>))]
[JsonSerializable(typeof(IReadOnlyList<SummaryRow>))]
[JsonSerializable(typeof(IReadOnlyList<AlertRow>))]
[JsonSerializable(typeof(List<AlertRow>))]
[JsonSerializable(typeof(AlertRow))]
[JsonSerializable(typeof(IReadOnlyList<AlertHistoryRow>))]
[JsonSerializable(typeof(IReadOnlyList<PredictionRow>))]
[JsonSerializable(typeof(IReadOnlyList<FootfallCellRow>))]
[JsonSerializable(typeof(IReadOnlyList<StorePrivacyRow>))]
[JsonSerializable(typeof(List<StorePrivacyRow>))]
[JsonSerializable(typeof(List<StoreBeaconHealth>))]
[JsonSerializable(typeof(FootfallResponse))]
[JsonSerializable(typeof(AlertActionRequest))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(TokenRequest))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(CreateUserRequest))]
[JsonSerializable(typeof(CreateUserResponse))]
[JsonSerializable(typeof(SitesRequest))]
[JsonSerializable(typeof(CallerResponse))]
[JsonSerializable(typeof(IReadOnlyList<UserAccount>))]
[JsonSerializable(typeof(IReadOnlyList<AuditEntry>))]
[JsonSerializable(typeof(IngestStatus))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Http.HttpValidationProblemDetails))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))]
internal sealed partial class CloudJsonContext : JsonSerializerContext;
