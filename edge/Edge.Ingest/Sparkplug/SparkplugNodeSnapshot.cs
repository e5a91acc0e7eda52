namespace Edge.Ingest.Sparkplug;

/// <summary>What the gateway knows about one edge node (or one of its devices when <see cref="Device"/> is set).</summary>
public sealed record SparkplugNodeSnapshot(
    string Group,
    string Node,
    string? Device,
    bool Online,
    ulong? BirthDeathSequence,
    int? LastSequence,
    long SequenceGaps,
    long RebirthRequests,
    IReadOnlyList<SparkplugMetricState> Metrics);
