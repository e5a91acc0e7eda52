namespace Edge.Cloud.Api;

/// <summary>Body of acknowledge and resolve; a resolve may say what the alert was: <c>real</c> or <c>false-alarm</c>.</summary>
public sealed record AlertActionRequest(string? Comment, string? Outcome = null);
