namespace Edge.Demo;

/// <summary>An event as the gateway's maintenance events endpoint takes it; the timestamp is plant time.</summary>
internal sealed record DemoEventBody(DateTimeOffset Timestamp, string Kind, string Detail);
