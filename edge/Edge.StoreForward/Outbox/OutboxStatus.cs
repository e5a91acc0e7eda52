namespace Edge.StoreForward.Outbox;

/// <summary>What <c>GET /api/outbox</c> reports: backlog, limits, rates, autonomy and every deliberate loss.</summary>
public sealed record OutboxStatus
{
    public required string Path { get; init; }

    public required long Records { get; init; }

    public required long Bytes { get; init; }

    public required long MaxBytes { get; init; }

    public required long FreeDiskBytes { get; init; }

    public required long MinFreeDiskBytes { get; init; }

    public required long LastSequence { get; init; }

    public double? OldestAgeSeconds { get; init; }

    /// <summary>Records committed per second (exponentially weighted over five minutes).</summary>
    public required double AppendRatePerSecond { get; init; }

    /// <summary>Records the cloud acknowledged per second (exponentially weighted over five minutes).</summary>
    public required double DrainRatePerSecond { get; init; }

    /// <summary>Hours until the cap or the free-disk floor is reached at the current append rate, with the cloud unreachable.</summary>
    public double? HoursOfAutonomyLeft { get; init; }

    /// <summary>Records held in memory because the file system refused writes.</summary>
    public required int Spilled { get; init; }

    public required IReadOnlyList<OutboxClassStatus> Classes { get; init; }

    /// <summary>Health warnings (corrupt outbox moved aside, records dropped, storage errors, unsynchronized clock).</summary>
    public required IReadOnlyList<string> Warnings { get; init; }
}
