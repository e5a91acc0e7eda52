namespace Edge.Demo;

/// <summary>An event as the gateway's maintenance events endpoint takes it (no timestamp: the gateway stamps its plant time).</summary>
internal sealed record DemoEventBody(string Kind, string Detail);
