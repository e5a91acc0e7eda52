namespace Edge.Ingest.Sparkplug;

/// <summary>An edge node or one of its devices: alias table from its birth certificate, metric states, online flag.</summary>
internal sealed class SparkplugScope
{
    public Dictionary<ulong, string> Aliases { get; } = [];

    public Dictionary<string, SparkplugMetricState> Metrics { get; } = new(StringComparer.Ordinal);

    /// <summary>Sensor label of each metric name seen (null when the name makes no valid label), so data messages do not rebuild it.</summary>
    public Dictionary<string, string?> Sensors { get; } = new(StringComparer.Ordinal);

    public bool Online { get; set; }

    /// <summary>A death certificate makes every known value stale (spec 3.0, 7.3: a host marks all metrics STALE on NDEATH).</summary>
    public void MarkStale()
    {
        Online = false;
        foreach (var (name, state) in Metrics.ToList())
        {
            Metrics[name] = state with { Stale = true };
        }
    }

    public void Birth()
    {
        Aliases.Clear();
        Metrics.Clear();
        Sensors.Clear();
        Online = true;
    }
}
