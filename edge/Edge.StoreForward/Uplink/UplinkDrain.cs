using Edge.Contracts;
using Edge.StoreForward.Outbox;
using MQTTnet;
using MQTTnet.Protocol;

namespace Edge.StoreForward.Uplink;

/// <summary>
/// The publish side of the uplink, on a connection <see cref="UplinkService"/> keeps up: leases a round from the outbox
/// (highest class first, oldest first within a class), publishes it at QoS 1 packed up to
/// <see cref="UplinkOptions.RecordsPerPublish"/> to a publish, and checkpoints it: the outbox deletes a record only after
/// the PUBACK of the publish that carried it. Not thread-safe: one drain loop calls it.
/// </summary>
internal sealed class UplinkDrain
{
    private readonly OutboxLeases _outbox;
    private readonly UplinkOptions _options;
    private readonly string _gatewayId;
    private readonly TimeProvider _timeProvider;
    private long _sent;
    private UplinkRound? _inFlight;

    public UplinkDrain(OutboxLeases outbox, UplinkOptions options, string gatewayId, TimeProvider timeProvider)
    {
        _outbox = outbox;
        _options = options;
        _gatewayId = gatewayId;
        _timeProvider = timeProvider;
    }

    /// <summary>Records acknowledged by the cloud broker since start.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>
    /// Publishes one round (or waits for records, a disconnect or the idle poll when there are none) and checkpoints the
    /// round before it: the outbox deletes, in one transaction, the records whose PUBACK arrived. Unpaced, two rounds
    /// overlap: while the cloud commits and acknowledges one, the next is already on the wire and the previous one is
    /// being deleted here, so neither side's commit (an fsync each) stalls the stream. Returns the records checkpointed.
    /// </summary>
    public async Task<int> DrainOnceAsync(IMqttClient client, Task disconnected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var appended = _outbox.NextAppend;
        var previous = _inFlight;
        var batch = previous is null ? _outbox.Lease(_options.BatchSize) : _outbox.Lease(_options.BatchSize, previous.Sequences);
        if (batch.Count == 0)
        {
            if (previous is not null)
            {
                // The backlog is drained: finish the last round before waiting for new records.
                _inFlight = null;
                return await CheckpointAsync(previous);
            }

            await Task.WhenAny(appended, disconnected, Task.Delay(_options.IdlePoll, _timeProvider, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            return 0;
        }

        var started = _timeProvider.GetTimestamp();
        var round = Publish(client, batch, cancellationToken);
        if (_options.DrainRatePerSecond > 0)
        {
            // Paced: speed is not the point, so keep one round at a time and hold the next one back.
            var acknowledged = await CheckpointAsync(round);
            await PaceAsync(started, batch.Count, cancellationToken);
            return acknowledged;
        }

        _inFlight = round;
        return previous is null ? 0 : await CheckpointAsync(previous);
    }

    /// <summary>
    /// After a failure or at stop: checkpoints whatever of the round still in flight was acknowledged (the rest is resent
    /// on the next connection; the cloud ignores what it already stored).
    /// </summary>
    public async Task SettleInFlightAsync()
    {
        if (_inFlight is not { } round)
        {
            return;
        }

        _inFlight = null;
        try
        {
            await CheckpointAsync(round);
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or Microsoft.Data.Sqlite.SqliteException)
        {
            // Best effort: the connection is gone (what was acknowledged is checkpointed all the same), or the checkpoint
            // itself failed and those records are resent; the cloud stores a record only once.
        }
    }

    private UplinkRound Publish(IMqttClient client, IReadOnlyList<OutboxRecord> batch, CancellationToken cancellationToken)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.AckTimeout);
        var publishes = new List<Task<MqttClientPublishResult>>(_options.RecordsPerPublish == 1 ? batch.Count : (batch.Count / _options.RecordsPerPublish) + 4);
        var ends = new List<int>(publishes.Capacity);
        var start = 0;
        while (start < batch.Count)
        {
            var end = GroupEnd(batch, start);
            publishes.Add(client.PublishAsync(BuildMessage(batch, start, end), timeout.Token));
            ends.Add(end);
            start = end;
        }

        return new UplinkRound(batch, [.. publishes], [.. ends], timeout);
    }

    /// <summary>
    /// End of the publish that starts at <paramref name="start"/>: at most <see cref="UplinkOptions.RecordsPerPublish"/>
    /// records of one priority class whose envelopes fit <see cref="UplinkOptions.MaxPublishBytes"/> (always at least one).
    /// Cutting at a class change keeps an alert's publish small and first, so its PUBACK waits for no summary.
    /// </summary>
    private int GroupEnd(IReadOnlyList<OutboxRecord> batch, int start)
    {
        var priority = batch[start].Priority;
        var bytes = EnvelopeWriter.EstimateBytes(_gatewayId, batch[start]);
        var end = start + 1;
        while (end < batch.Count && end - start < _options.RecordsPerPublish && batch[end].Priority == priority)
        {
            bytes += EnvelopeWriter.EstimateBytes(_gatewayId, batch[end]);
            if (bytes > _options.MaxPublishBytes)
            {
                break;
            }

            end++;
        }

        return end;
    }

    private MqttApplicationMessage BuildMessage(IReadOnlyList<OutboxRecord> batch, int start, int end)
    {
        // A group of one travels as a plain envelope on its kind's topic: byte for byte what gateways sent before batching.
        var single = end - start == 1;
        return new MqttApplicationMessageBuilder()
            .WithTopic(single ? UplinkTopics.For(_gatewayId, batch[start].Kind) : UplinkTopics.BatchFor(_gatewayId))
            .WithPayload(single ? EnvelopeWriter.Write(_gatewayId, batch[start]) : EnvelopeWriter.WriteBatch(_gatewayId, batch, start, end - start))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
    }

    /// <summary>Waits for the round's PUBACKs and deletes the acknowledged records in one transaction.</summary>
    private async Task<int> CheckpointAsync(UplinkRound round)
    {
        using var _ = round;
        var acknowledged = new List<long>(round.Records.Count);
        Exception? failure = null;
        var start = 0;
        for (var i = 0; i < round.Publishes.Length; i++)
        {
            var end = round.PublishEnds[i];
            try
            {
                var result = await round.Publishes[i];
                if (result.IsSuccess)
                {
                    // One PUBACK covers every record the publish carried: the cloud releases it only once all are stored.
                    for (var r = start; r < end; r++)
                    {
                        acknowledged.Add(round.Records[r].Sequence);
                    }
                }
                else
                {
                    failure ??= new IOException($"The broker refused records {round.Records[start].Sequence}-{round.Records[end - 1].Sequence}: {result.ReasonCode}.");
                }
            }
            catch (Exception exception)
            {
                failure ??= exception;
            }

            start = end;
        }

        // Checkpoint what the broker acknowledged, even when part of the round failed: the rest is resent on reconnect.
        _outbox.Acknowledge(acknowledged);
        Interlocked.Add(ref _sent, acknowledged.Count);
        if (failure is not null)
        {
            throw new IOException("Uplink publish failed before every PUBACK arrived.", failure);
        }

        return acknowledged.Count;
    }

    /// <summary>Holds the round back so the drain stays at <see cref="UplinkOptions.DrainRatePerSecond"/>.</summary>
    private async Task PaceAsync(long started, int sent, CancellationToken cancellationToken)
    {
        if (_options.DrainRatePerSecond <= 0)
        {
            return;
        }

        var remaining = TimeSpan.FromSeconds(sent / _options.DrainRatePerSecond) - _timeProvider.GetElapsedTime(started);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, _timeProvider, cancellationToken);
        }
    }
}
