namespace Edge.Ingest.Sparkplug;

/// <summary>One edge node's session: bdSeq of its current birth, last seq, devices, and rebirth bookkeeping. Guarded by <see cref="Gate"/>.</summary>
internal sealed class SparkplugNode
{
    public SparkplugScope Scope { get; } = new();

    public Dictionary<string, SparkplugScope> Devices { get; } = new(StringComparer.Ordinal);

    public Lock Gate { get; } = new();

    public ulong? BirthDeathSequence { get; set; }

    public int? LastSequence { get; set; }

    public bool RebirthRequested { get; set; }

    public long SequenceGaps { get; set; }

    public long RebirthRequests { get; set; }
}
