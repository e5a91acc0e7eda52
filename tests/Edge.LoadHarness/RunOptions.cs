namespace Edge.LoadHarness;

/// <summary>What one <c>e2e</c> run sends and to whom.</summary>
internal sealed record RunOptions(int Machines, int Messages, int Warmup, int InFlight, IReadOnlyList<string> Targets, TimeSpan Timeout, string? GatewayDll = null)
{
    public int MessagesPerMachine => Math.Max(1, Messages / Machines);

    public int WarmupPerMachine => Warmup <= 0 ? 0 : Math.Max(1, Warmup / Machines);

    public static string MachineId(int index) => $"m-{index:D3}";
}
