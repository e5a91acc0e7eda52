namespace Edge.StoreForward.Outbox;

/// <summary>Why the outbox gave up a record on purpose. Every such record is counted by class and reason.</summary>
public enum DropReason
{
    /// <summary>The byte cap was reached and the record was the oldest of the lowest class left.</summary>
    Overflow,

    /// <summary>Free disk space fell below the floor.</summary>
    DiskFloor,

    /// <summary>Older than its class's time-to-live.</summary>
    Expired,

    /// <summary>The file system refused writes and the in-memory spill was full.</summary>
    StorageError,
}
