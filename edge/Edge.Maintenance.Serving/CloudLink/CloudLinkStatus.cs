namespace Edge.Maintenance.Serving.CloudLink;

/// <summary>The cloud link as the status API shows it.</summary>
public sealed record CloudLinkStatus
{
    public required bool Enabled { get; init; }

    public DateTimeOffset? LastPollAt { get; init; }

    public DateTimeOffset? LastSuccessAt { get; init; }

    public string? LastError { get; init; }

    public long Polls { get; init; }

    public long Failures { get; init; }

    /// <summary>Model files refused: unsigned, tampered, signed with another key, unreadable, or needing features the gateway cannot compute.</summary>
    public long RefusedModels { get; init; }

    public long EventsReceived { get; init; }

    public long EventCursor { get; init; }
}
