namespace Edge.Privacy;

/// <summary>How long one kind of data lives and where.</summary>
public sealed record RetentionRule(string What, string Where, string HowLong);
