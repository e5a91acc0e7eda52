using Edge.Contracts;
using Edge.Gateway.Hosting;
using Edge.Gateway.Outbox;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace Edge.Gateway.Uplink;

/// <summary>
/// Drains the outbox to the cloud broker: QoS 1, a batch in flight at a time, and a record is deleted only after its
/// PUBACK. Owns its reconnect loop (MQTTnet 5 has no managed client); never reconnects from the disconnect event.
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var clientOptions = BuildClientOptions();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!client.IsConnected)
                {
                    Connected = false;
                    await client.ConnectAsync(clientOptions, stoppingToken);
                    Connected = true;
                    _backoff.Reset();
                    LogConnected(_options.Host, _options.Port);
                }

                await DrainOnceAsync(client, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // Any failure (broker down, kicked, refused, disk error on checkpoint) gets the same treatment:
                // back off with jitter and try again; the outbox still holds every unacknowledged record.
                Connected = false;
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

    /// <summary>Publishes one batch (or waits for records when there are none) and deletes what was acknowledged.</summary>
    internal async Task<int> DrainOnceAsync(IMqttClient client, CancellationToken cancellationToken)
    {
        var appended = _outbox.NextAppend;
        var batch = _outbox.Peek(_options.BatchSize);
        if (batch.Count == 0)
        {
            await Task.WhenAny(appended, Task.Delay(_options.IdlePoll, _timeProvider, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            return 0;
        }

        var publishes = new Task<MqttClientPublishResult>[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var record = batch[i];
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(UplinkTopics.For(_gatewayId, record.Kind))
                .WithPayload(EnvelopeWriter.Write(_gatewayId, record))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            publishes[i] = client.PublishAsync(message, cancellationToken);
        }

        var acknowledged = new List<long>(batch.Count);
        Exception? failure = null;
        for (var i = 0; i < publishes.Length; i++)
        {
            try
            {
                var result = await publishes[i];
                if (result.IsSuccess)
                {
                    acknowledged.Add(batch[i].Sequence);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failure ??= exception;
            }
        }

        // Checkpoint what the broker acknowledged, even when part of the batch failed: the rest is resent on reconnect.
        _outbox.Acknowledge(acknowledged);
        Interlocked.Add(ref _sent, acknowledged.Count);
        if (failure is not null)
        {
            throw new IOException("Uplink publish failed before every PUBACK arrived.", failure);
        }

        return acknowledged.Count;
    }

    private MqttClientOptions BuildClientOptions()
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_options.Host, _options.Port)
            .WithClientId($"edge-gateway-{_gatewayId}")
            .WithCleanSession(true)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (!string.IsNullOrEmpty(_options.Username))
        {
            builder.WithCredentials(_options.Username, _options.Password);
        }

        return builder.Build();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Uplink connected to {Host}:{Port}")]
    private partial void LogConnected(string host, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Uplink to {Host}:{Port} unavailable ({Reason}); retrying in {Delay}")]
    private partial void LogDisconnected(string host, int port, string reason, TimeSpan delay);
}
