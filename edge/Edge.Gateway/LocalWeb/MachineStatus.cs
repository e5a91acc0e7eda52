namespace Edge.Gateway.LocalWeb;

/// <summary>A machine's latest window as the gateway summarized it.</summary>
public sealed record MachineStatus(string MachineId, DateTimeOffset WindowEnd, IReadOnlyDictionary<string, double> Means);
