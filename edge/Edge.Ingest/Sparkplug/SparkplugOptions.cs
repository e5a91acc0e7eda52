namespace Edge.Ingest.Sparkplug;

/// <summary>Section <c>Sparkplug</c>: how Sparkplug edge nodes and devices map to the gateway's machines.</summary>
public sealed class SparkplugOptions
{
    public const string Section = "Sparkplug";

    /// <summary>
    /// <c>"group/node"</c> or <c>"group/node/device"</c> to machine id. Unmapped: the device id, else the node id. The machine
    /// must be in <c>Telemetry:Machines</c> like any other.
    /// </summary>
    public Dictionary<string, string> Machines { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Ask a node for a rebirth when its seq jumps (spec 3.0, 10.3: the host application may send NCMD Rebirth).</summary>
    public bool RequestRebirthOnGap { get; set; } = true;
}
