namespace Edge.Cloud.Api;

/// <summary>Body of <c>POST /api/models/promote</c> and <c>/rollback</c>: machine kind default <c>default</c>.</summary>
public sealed record ModelSiteRequest(string? Site, string? MachineKind);
