using System.Buffers;
using Edge.Contracts;

namespace Edge.Cloud.Ingest;

/// <summary>
/// One gateway publish turned into records to store: a single <see cref="UplinkEnvelope"/> (every gateway before
/// batching, and a batching gateway's groups of one) or an <see cref="UplinkBatch"/> (its topic ends in
/// <see cref="UplinkTopics.Batch"/>). Counts what it receives and refuses; shared by the embedded broker and the
/// external-broker client so both accept the same wire. A record must name the gateway of its topic: the topic is the
/// sender's identity (the embedded broker allows a gateway only its own topics; an external broker's ACL does the same,
/// <c>pattern write edge/v1/%u/#</c>), so a record claiming another gateway is refused and counted as forged, and
/// nothing of it touches that gateway's sequence space.
/// </summary>
internal static class UplinkPublish
{
    /// <summary>The records to store (none when everything was refused); <paramref name="rejection"/> names the first refusal.</summary>
    public static IReadOnlyList<UplinkEnvelope> Read(string topic, ReadOnlySequence<byte> payload, IngestMetrics metrics, out string? rejection)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var sender = TopicGateway(topic);
        if (sender is null)
        {
            metrics.OnReceived(1);
            metrics.OnRejected(1);
            rejection = "topic is not edge/v<n>/<gateway>/<kind>";
            return [];
        }

        if (!UplinkTopics.IsBatch(topic))
        {
            metrics.OnReceived(1);
            var envelope = EnvelopeReader.TryRead(payload, out rejection);
            if (envelope is null)
            {
                metrics.OnRejected(1);
                return [];
            }

            if (!string.Equals(envelope.GatewayId, sender, StringComparison.Ordinal))
            {
                metrics.OnRejected(1);
                metrics.OnForged(1);
                rejection = "record names another gateway than its topic (forged)";
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

        // Every accepted record names the batch's gateway (BatchReader checks it), so either all match the topic or none.
        if (batch.Accepted.Count > 0 && !string.Equals(batch.Accepted[0].GatewayId, sender, StringComparison.Ordinal))
        {
            metrics.OnRejected(batch.Accepted.Count);
            metrics.OnForged(batch.Accepted.Count);
            rejection = "batch names another gateway than its topic (forged)";
            return [];
        }

        return batch.Accepted;
    }

    /// <summary>The gateway segment of <c>edge/v&lt;n&gt;/&lt;gateway&gt;/&lt;kind&gt;</c>; null for any other topic.</summary>
    public static string? TopicGateway(string? topic)
    {
        if (topic is null || !topic.StartsWith("edge/v", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = topic.AsSpan("edge/".Length);
        var versionEnd = rest.IndexOf('/');
        if (versionEnd < 2 || rest[1..versionEnd].ContainsAnyExceptInRange('0', '9'))
        {
            return null;
        }

        rest = rest[(versionEnd + 1)..];
        var gatewayEnd = rest.IndexOf('/');
        if (gatewayEnd < 1 || gatewayEnd == rest.Length - 1 || rest[(gatewayEnd + 1)..].Contains('/'))
        {
            return null;
        }

        return rest[..gatewayEnd].ToString();
    }
}
