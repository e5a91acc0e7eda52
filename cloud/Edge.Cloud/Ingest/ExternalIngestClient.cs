using System.Threading.Channels;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Edge.Cloud.Ingest;

/// <summary>
/// One stateless ingest worker on an external broker cluster. It holds an MQTT 5 shared subscription
/// (<c>$share/group/edge/+/+/+</c>), so N workers split the gateways' records between them. Acknowledgements are manual:
/// a PUBACK leaves only after the record's batch has committed, in the order the messages came, so a worker that dies
/// loses nothing: the broker redelivers what it had not acknowledged, and the store drops what was already stored.
/// </summary>
internal sealed partial class ExternalIngestClient : BackgroundService
{
    private readonly IngestOptions _options;
    private readonly ChannelWriter<PendingPublish> _pending;
    private readonly IngestMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ExternalIngestClient> _logger;
    private readonly IMqttClient _client;
    private readonly MqttClientFactory _factory = new();
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2? _authority;
    private bool _subscribed;

    // Received messages waiting for their batch to commit, in arrival order. Bounded by Receive Maximum: the broker
    // never has more unacknowledged messages in flight to this worker.
    private readonly Channel<(MqttApplicationMessageReceivedEventArgs Message, Task? Stored)> _acknowledgements;

    public ExternalIngestClient(IOptions<IngestOptions> options, Channel<PendingPublish> pending, IngestMetrics metrics, TimeProvider timeProvider, ILogger<ExternalIngestClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pending);
        _options = options.Value;
        _pending = pending.Writer;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
        _acknowledgements = Channel.CreateBounded<(MqttApplicationMessageReceivedEventArgs, Task?)>(
            new BoundedChannelOptions(_options.ReceiveMaximum + 1) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _authority = BrokerCertificate.LoadAuthority(_options.CaCertificatePath);
        _client = _factory.CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
    }

    /// <summary>True once connected with the shared subscription in place.</summary>
    public bool IsSubscribed => _client.IsConnected && Volatile.Read(ref _subscribed);

    public string ClientId => _options.ClientId ?? $"edge-ingest-{Environment.MachineName}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var acknowledging = AcknowledgeInOrderAsync(stoppingToken);
        try
        {
            // The reconnect loop: ping while connected; otherwise connect (with the persistent session) and subscribe.
            using var timer = new PeriodicTimer(_options.ReconnectDelay, _timeProvider);
            do
            {
                await EnsureConnectedAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _acknowledgements.Writer.TryComplete();
            await acknowledging;
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None);
            }
        }
    }

    /// <summary>One step of the reconnect loop (tests call it directly).</summary>
    public async Task EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        if (_client.IsConnected && await _client.TryPingAsync(cancellationToken))
        {
            return;
        }

        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_options.BrokerHost, _options.BrokerPort)
            .WithClientId(ClientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)_options.SessionExpiry.TotalSeconds)
            .WithReceiveMaximum((ushort)_options.ReceiveMaximum)
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (_options.Username is not null)
        {
            builder = builder.WithCredentials(_options.Username, _options.Password);
        }

        if (_options.UseTls)
        {
            builder = builder.WithTlsOptions(tls => tls
                .UseTls()
                .WithSslProtocols(System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13)
                .WithTargetHost(_options.TlsServerName ?? _options.BrokerHost)
                .WithCertificateValidationHandler(args => BrokerCertificate.Verify(args.Certificate, args.SslPolicyErrors, _authority)));
        }

        try
        {
            Volatile.Write(ref _subscribed, false);
            var result = await _client.ConnectAsync(builder.Build(), cancellationToken);
            if (!result.IsSessionPresent)
            {
                var subscribe = _factory.CreateSubscribeOptionsBuilder()
                    .WithTopicFilter(filter => filter.WithTopic(_options.TopicFilter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
                    .Build();
                await _client.SubscribeAsync(subscribe, cancellationToken);
            }

            Volatile.Write(ref _subscribed, true);
            LogConnected(_options.BrokerHost, _options.BrokerPort, _options.TopicFilter);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogConnectFailed(_options.BrokerHost, _options.BrokerPort, exception.Message);
        }
    }

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs args)
    {
        // Acknowledged later, after the commit; this handler only parses and queues, so the client keeps receiving.
        args.AutoAcknowledge = false;
        var envelopes = UplinkPublish.Read(args.ApplicationMessage.Topic, args.ApplicationMessage.Payload, _metrics, out var rejection);
        if (rejection is not null)
        {
            LogRejected(args.ApplicationMessage.Topic, rejection);
        }

        Task? pending = null;
        if (envelopes.Count > 0)
        {
            var publish = new PendingPublish(envelopes);
            pending = publish.Stored;
            await _pending.WriteAsync(publish);
        }

        await _acknowledgements.Writer.WriteAsync((args, pending));
    }

    private async Task AcknowledgeInOrderAsync(CancellationToken stoppingToken)
    {
        await foreach (var (message, pending) in _acknowledgements.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                if (pending is not null)
                {
                    // A rejected message is acknowledged too: redelivering it would fail again, forever.
                    await pending.WaitAsync(stoppingToken);
                }

                await message.AcknowledgeAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                // Shutting down: unacknowledged messages stay in the broker session and come back to a worker.
            }
            catch (Exception exception)
            {
                // The store failed (or the connection is gone): drop the connection so the broker redelivers.
                LogAcknowledgeFailed(exception.Message);
                if (_client.IsConnected)
                {
                    await _client.DisconnectAsync(new MqttClientDisconnectOptions { Reason = MqttClientDisconnectOptionsReason.UnspecifiedError }, CancellationToken.None);
                }
            }
        }
    }

    public override void Dispose()
    {
        _client.Dispose();
        _authority?.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingest worker connected to {Host}:{Port}, subscribed to {Filter}")]
    private partial void LogConnected(string host, int port, string filter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingest worker could not connect to {Host}:{Port}: {Reason}; retrying")]
    private partial void LogConnectFailed(string host, int port, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected uplink message on {Topic}: {Reason}")]
    private partial void LogRejected(string topic, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not acknowledging (broker will redeliver): {Reason}")]
    private partial void LogAcknowledgeFailed(string reason);
}
