using System.Security.Cryptography.X509Certificates;
using Edge.Contracts;
using Edge.StoreForward.Outbox;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;
using Edge.Kernel;

namespace Edge.StoreForward.Uplink;

/// <summary>
/// Drains the outbox to the cloud broker: QoS 1, at most <see cref="UplinkOptions.BatchSize"/> records in flight, packed
/// up to <see cref="UplinkOptions.RecordsPerPublish"/> to a publish, and a record is deleted only after the PUBACK of the
/// publish that carried it. Each round leases the highest class first, so a live alert overtakes a
/// backlog of summaries; within a class records go oldest first. Owns its reconnect loop (MQTTnet 5 has no managed
/// client) and never reconnects from the disconnect event.
/// </summary>
public sealed partial class UplinkService : BackgroundService
{
    private readonly SqliteOutbox _outbox;
    private readonly UplinkOptions _options;
    private readonly string _gatewayId;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<UplinkService> _logger;
    private readonly ReconnectBackoff _backoff;
    private long _sent;
    private long _connections;
    private long _backoffResets;
    private long _failures;
    private TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private UplinkRound? _inFlight;

    public UplinkService(
        SqliteOutbox outbox,
        IOptions<UplinkOptions> options,
        IOptions<GatewayOptions> gateway,
        TimeProvider timeProvider,
        ILogger<UplinkService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gateway);
        _outbox = outbox;
        _options = options.Value;
        _gatewayId = gateway.Value.Id;
        _timeProvider = timeProvider;
        _logger = logger;
        _backoff = new ReconnectBackoff(_options.ReconnectBase, _options.ReconnectCap);
    }

    public bool Connected { get; private set; }

    /// <summary>Records acknowledged by the cloud broker since start.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Successful connections since start.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>Failed connection attempts and dropped connections since start.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Times the backoff started again from its base after a connection that lasted.</summary>
    internal long BackoffResets => Interlocked.Read(ref _backoffResets);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var authority = UplinkTls.LoadAuthority(_options);
        using var clientCertificate = UplinkTls.LoadClientCertificate(_options);
        using var client = new MqttClientFactory().CreateMqttClient();
        client.DisconnectedAsync += _ =>
        {
            _disconnected.TrySetResult();
            return Task.CompletedTask;
        };
        var clientOptions = BuildClientOptions(authority, clientCertificate);
        long? connectedAt = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!client.IsConnected)
                {
                    if (connectedAt is not null)
                    {
                        // Accepted, then kicked (or the link died while idle): back off like any failure.
                        throw new IOException("The broker closed the connection.");
                    }

                    Connected = false;
                    _disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    var result = await client.ConnectAsync(clientOptions, stoppingToken);
                    if (result.ResultCode != MqttClientConnectResultCode.Success)
                    {
                        // Refused (bad credentials, not authorized): MQTTnet 5 reports it in the result rather than throwing.
                        throw new IOException($"The broker refused the connection: {result.ResultCode}.");
                    }

                    connectedAt = _timeProvider.GetTimestamp();
                    Connected = true;
                    Interlocked.Increment(ref _connections);
                    LogConnected(_options.Host, _options.Port);
                }

                await DrainOnceAsync(client, stoppingToken);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping: whatever was in flight and not acknowledged stays in the outbox and is resent after the next start.
                await SettleInFlightAsync();
                break;
            }
            catch (Exception exception)
            {
                // Any failure (broker down, kicked, refused, PUBACK timeout, disk error on checkpoint) gets the same
                // treatment: drop the connection, back off with jitter, reconnect; the outbox still holds every
                // unacknowledged record and the next connection resends it.
                Connected = false;
                Interlocked.Increment(ref _failures);
                if (connectedAt is not null && _timeProvider.GetElapsedTime(connectedAt.Value) >= _options.StableConnection)
                {
                    _backoff.Reset();
                    Interlocked.Increment(ref _backoffResets);
                }

                connectedAt = null;
                if (client.IsConnected)
                {
                    await client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None).ContinueWith(static _ => { }, TaskScheduler.Default);
                }

                await SettleInFlightAsync();

                var delay = _backoff.Next();
                LogDisconnected(_options.Host, _options.Port, exception.Message, delay);
                await Task.Delay(delay, _timeProvider, stoppingToken).ContinueWith(static _ => { }, TaskScheduler.Default);
            }
        }

        if (client.IsConnected)
        {
            await client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None);
        }
    }

    /// <summary>
    /// Publishes one round (or waits for records when there are none) and checkpoints the round before it: the outbox
    /// deletes, in one transaction, the records whose PUBACK arrived. Unpaced, two rounds overlap: while the cloud
    /// commits and acknowledges one, the next is already on the wire and the previous one is being deleted here, so
    /// neither side's commit (an fsync each) stalls the stream. Returns the records checkpointed.
    /// </summary>
    internal async Task<int> DrainOnceAsync(IMqttClient client, CancellationToken cancellationToken)
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

            await Task.WhenAny(appended, _disconnected.Task, Task.Delay(_options.IdlePoll, _timeProvider, cancellationToken));
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
    private async Task SettleInFlightAsync()
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

    private MqttClientOptions BuildClientOptions(X509Certificate2? authority, X509Certificate2? clientCertificate)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_options.Host, _options.Port)
            .WithClientId($"edge-gateway-{_gatewayId}")
            .WithCleanSession(true)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(_options.AckTimeout)
            // One socket write per PUBLISH (fixed header and payload joined) instead of two: a backlog drain is
            // thousands of small publishes a second, and the system call is most of their cost.
            .WithoutPacketFragmentation();
        if (!string.IsNullOrEmpty(_options.Username))
        {
            builder.WithCredentials(_options.Username, _options.Password);
        }

        if (_options.UseTls)
        {
            builder.WithTlsOptions(tls =>
            {
                tls.UseTls()
                    .WithTargetHost(_options.TlsServerName ?? _options.Host)
                    .WithCertificateValidationHandler(args => UplinkTls.Verify(args.Certificate, args.SslPolicyErrors, authority));
                if (clientCertificate is not null)
                {
                    tls.WithClientCertificates([clientCertificate]);
                }
            });
        }

        return builder.Build();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Uplink connected to {Host}:{Port}")]
    private partial void LogConnected(string host, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Uplink to {Host}:{Port} unavailable ({Reason}); retrying in {Delay}")]
    private partial void LogDisconnected(string host, int port, string reason, TimeSpan delay);
}
