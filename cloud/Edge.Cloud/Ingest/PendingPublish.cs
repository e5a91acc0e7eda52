using Edge.Contracts;

namespace Edge.Cloud.Ingest;

/// <summary>
/// The records of one gateway publish waiting to be stored, all in the same transaction; <see cref="Stored"/> completes
/// after it commits (or fails with the store's error). One completion per publish, not per record: the publish's single
/// PUBACK is all that waits for it.
/// </summary>
internal sealed class PendingPublish
{
    private readonly TaskCompletionSource _stored = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PendingPublish(IReadOnlyList<UplinkEnvelope> envelopes)
    {
        ArgumentNullException.ThrowIfNull(envelopes);
        Envelopes = envelopes;
    }

    public IReadOnlyList<UplinkEnvelope> Envelopes { get; }

    public Task Stored => _stored.Task;

    public void OnStored() => _stored.TrySetResult();

    public void OnFailed(Exception exception) => _stored.TrySetException(exception);
}
