using Edge.Contracts;

namespace Edge.StoreForward.Outbox;

/// <summary>One committed outbox row: a serialized <see cref="UplinkMessage"/> with its sequence and class.</summary>
public sealed record OutboxRecord(
    long Sequence,
    PriorityClass Priority,
    string Kind,
    DateTimeOffset CommittedAt,
    bool ClockSynchronized,
    ReadOnlyMemory<byte> Payload);
