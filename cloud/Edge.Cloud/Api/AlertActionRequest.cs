namespace Edge.Cloud.Api;

/// <summary>Body of acknowledge and resolve.</summary>
public sealed record AlertActionRequest(string? Comment);
