namespace Edge.Cloud.Api;

/// <summary>Body of <c>POST /api/models/assign</c>: stage <c>shadow</c> (default) or <c>serving</c>; machine kind default <c>default</c>.</summary>
public sealed record ModelAssignRequest(string? Site, string? MachineKind, string? Version, string? Stage);
