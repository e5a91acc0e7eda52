namespace Edge.LoadHarness;

/// <summary>What <see cref="DrainRun"/> measured: the drain window (first to last record stored) and the CPU spent in it.</summary>
internal sealed record DrainMeasure(
    long Records,
    TimeSpan Drain,
    TimeSpan Total,
    TimeSpan ToFirstRecord,
    double GatewayCpuSeconds,
    double GatewaySystemCpuSeconds,
    double CloudCpuSeconds,
    double CloudSystemCpuSeconds,
    double DatabaseCpuSeconds);
