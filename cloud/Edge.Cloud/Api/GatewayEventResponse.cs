namespace Edge.Cloud.Api;

/// <summary>A machine event of the gateway's site, as <c>GET /api/gateway/events?after=</c> returns it.</summary>
public sealed record GatewayEventResponse(long Id, DateTimeOffset Timestamp, string Machine, string Kind, string Detail);
