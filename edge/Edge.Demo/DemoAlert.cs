namespace Edge.Demo;

/// <summary>An alert the gateway raised: which machine, which kind (model or anomaly fallback), when (wall clock).</summary>
internal sealed record DemoAlert(string AlertId, string MachineId, string Kind, DateTimeOffset FirstSeen);
