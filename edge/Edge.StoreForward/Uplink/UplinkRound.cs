using Edge.StoreForward.Outbox;
using MQTTnet;

namespace Edge.StoreForward.Uplink;

/// <summary>
/// One round of the drain: the records leased together, their QoS 1 publishes (awaiting PUBACKs) and the timeout that
/// drops the connection when a PUBACK is too late. Its records stay in the outbox until the round is checkpointed.
/// Publish <c>i</c> carries the records from <c>PublishEnds[i - 1]</c> (0 for the first) up to, not including,
/// <c>PublishEnds[i]</c>: one record each without batching, several with it.
/// </summary>
internal sealed class UplinkRound : IDisposable
{
    private HashSet<long>? _sequences;

    public UplinkRound(IReadOnlyList<OutboxRecord> records, Task<MqttClientPublishResult>[] publishes, int[] publishEnds, CancellationTokenSource timeout)
    {
        Records = records;
        Publishes = publishes;
        PublishEnds = publishEnds;
        Timeout = timeout;
    }

    public IReadOnlyList<OutboxRecord> Records { get; }

    public Task<MqttClientPublishResult>[] Publishes { get; }

    /// <summary>For each publish, the index in <see cref="Records"/> just past its last record.</summary>
    public int[] PublishEnds { get; }

    public CancellationTokenSource Timeout { get; }

    /// <summary>The round's sequences, so the next lease can skip them while they await their checkpoint.</summary>
    public IReadOnlySet<long> Sequences
    {
        get
        {
            if (_sequences is null)
            {
                _sequences = new HashSet<long>(Records.Count);
                foreach (var record in Records)
                {
                    _sequences.Add(record.Sequence);
                }
            }

            return _sequences;
        }
    }

    public void Dispose() => Timeout.Dispose();
}
