namespace Edge.Cloud.Api;

/// <summary>A model a gateway should run: stage serving or shadow, with what it needs to verify the file it downloads.</summary>
public sealed record GatewayModelResponse(string MachineKind, string Stage, string Version, string Sha256, string Signature, long Size);
