using System.Buffers;
using Edge.Contracts;

namespace Edge.Cloud.Ingest;

/// <summary>
/// One gateway publish turned into records to store: a single <see cref="UplinkEnvelope"/> (every gateway before
/// batching, and a batching gateway's groups of one) or an <see cref="UplinkBatch"/> (its topic ends in
/// <see cref="UplinkTopics.Batch"/>). Counts what it receives and refuses; shared by the embedded broker and the
/// external-broker client so both accept the same wire.
/// </summary>
internal static class UplinkPublish
{
    /// <summary>The records to store (none when everything was refused); <paramref name="rejection"/> names the first refusal.</summary>
    public static IReadOnlyList<UplinkEnvelope> Read(string topic, ReadOnlySequence<byte> payload, IngestMetrics metrics, out string? rejection)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        if (!UplinkTopics.IsBatch(topic))
        {
            metrics.OnReceived(1);
            var envelope = EnvelopeReader.TryRead(payload, out rejection);
            if (envelope is null)
            {
                metrics.OnRejected(1);
                return [];
            }

            return [envelope];
        }

        var batch = BatchReader.TryRead(payload, out rejection);
        if (batch is null)
        {
            // Refused as a whole (not JSON, too large, unsupported): one rejected message, and a refused batch.
            metrics.OnReceived(1);
            metrics.OnRejected(1);
            metrics.OnBatchRejected();
            return [];
        }

        metrics.OnReceived(batch.Accepted.Count + batch.Rejected);
        if (batch.Rejected > 0)
        {
            metrics.OnRejected(batch.Rejected);
            rejection = $"{batch.Rejected} record(s) of a batch refused, first: {batch.FirstRejection}";
        }

        return batch.Accepted;
    }
}
