namespace Edge.Gateway.Tests.Architecture;

/// <summary>
/// The house's one direction, as data: each product project and the Edge projects it may reference directly.
/// docs/ARCHITECTURE.md draws the same table. A new project, or a new arrow, is a decision: add it here on purpose.
/// </summary>
internal static class ProjectRules
{
    public static IReadOnlyDictionary<string, string[]> Allowed { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        // The bottom: wire contracts, the shared kernel, hardware drivers, the ML library, the simulator.
        ["Edge.Contracts"] = [],
        ["Edge.Kernel"] = [],
        ["Edge.Hardware"] = [],
        ["Edge.Maintenance"] = [],
        ["Edge.Simulator"] = [],

        // Capabilities. Store and forward knows only contracts: no raw identifier type can reach the uplink.
        ["Edge.StoreForward"] = ["Edge.Kernel", "Edge.Contracts"],
        ["Edge.Ingest"] = ["Edge.Kernel", "Edge.Contracts", "Edge.StoreForward"],
        ["Edge.Privacy"] = ["Edge.Kernel", "Edge.Contracts", "Edge.StoreForward"],
        ["Edge.Beacons"] = ["Edge.Kernel", "Edge.Contracts", "Edge.Ingest", "Edge.Privacy"],
        ["Edge.Maintenance.Serving"] = ["Edge.Kernel", "Edge.Contracts", "Edge.Maintenance", "Edge.Ingest", "Edge.StoreForward"],
        ["Edge.Sensing"] = ["Edge.Kernel", "Edge.Contracts", "Edge.Hardware", "Edge.Ingest"],

        // The Pi service composes the capabilities; the tools and the demo sit above it.
        ["Edge.Gateway"] =
        [
            "Edge.Kernel", "Edge.Contracts", "Edge.StoreForward", "Edge.Ingest", "Edge.Privacy", "Edge.Beacons",
            "Edge.Maintenance.Serving", "Edge.Sensing",
        ],
        ["Edge.Tools"] =
        [
            "Edge.Gateway", "Edge.Kernel", "Edge.Contracts", "Edge.Hardware", "Edge.Maintenance", "Edge.StoreForward", "Edge.Ingest",
            "Edge.Privacy", "Edge.Beacons", "Edge.Maintenance.Serving", "Edge.Sensing",
        ],
        ["Edge.Demo"] = ["Edge.Gateway", "Edge.Cloud", "Edge.Simulator", "Edge.Maintenance"],

        // The cloud may see nothing of the edge but the wire contracts.
        ["Edge.Cloud"] = ["Edge.Contracts"],
    };

    /// <summary>Projects that hold raw identifiers (addresses, advertisement frames) in memory, and those that must never reach them.</summary>
    public static IReadOnlyList<string> RawIdentifierHolders { get; } = ["Edge.Beacons"];

    public static IReadOnlyList<string> MustNotReachRawIdentifiers { get; } = ["Edge.StoreForward", "Edge.Contracts", "Edge.Cloud", "Edge.Privacy", "Edge.Kernel"];

    /// <summary>Every project reachable from <paramref name="project"/> through the allowed references.</summary>
    public static IReadOnlySet<string> Closure(string project, IReadOnlyDictionary<string, string[]> references)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([project]);
        while (stack.Count > 0)
        {
            foreach (var next in references.GetValueOrDefault(stack.Pop(), []))
            {
                if (seen.Add(next))
                {
                    stack.Push(next);
                }
            }
        }

        return seen;
    }
}
