namespace Edge.StoreForward.Outbox;

/// <summary>Backlog and losses of one priority class.</summary>
public sealed record OutboxClassStatus
{
    public required string Class { get; init; }

    /// <summary>Rows waiting for the cloud.</summary>
    public required long Records { get; init; }

    /// <summary>Source records those rows stand for (a downsampled summary stands for several windows).</summary>
    public required long SourceRecords { get; init; }

    public required long Bytes { get; init; }

    public DateTimeOffset? OldestCommittedAt { get; init; }

    /// <summary>Source records given up on purpose, by reason (overflow, disk floor, expired, storage error).</summary>
    public required IReadOnlyDictionary<string, long> Dropped { get; init; }

    /// <summary>Rows folded into an older summary by downsampling (not lost: their statistics live on in it).</summary>
    public required long Merged { get; init; }
}
