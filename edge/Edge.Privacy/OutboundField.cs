namespace Edge.Privacy;

/// <summary>One field on the wire: its JSON path and type.</summary>
public sealed record OutboundField(string Path, string Type);
