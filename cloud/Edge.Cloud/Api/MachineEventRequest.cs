namespace Edge.Cloud.Api;

/// <summary>
/// Body of <c>POST /api/machines/{machine}/events</c>: <c>kind</c> failure, maintenance, error or repair (stored as
/// maintenance with detail <c>repair:&lt;detail&gt;</c>); <c>timestamp</c> ISO 8601, default now.
/// </summary>
public sealed record MachineEventRequest(string? Timestamp, string? Kind, string? Detail, string? Comment);
