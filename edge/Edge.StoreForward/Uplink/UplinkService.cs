using System.Security.Cryptography.X509Certificates;
using Edge.Kernel;
using Edge.StoreForward.Outbox;
using MQTTnet;
using Microsoft.Extensions.Options;

namespace Edge.StoreForward.Uplink;

/// <summary>
/// Drains the outbox to the cloud broker: QoS 1, at most <see cref="UplinkOptions.BatchSize"/> records in flight, packed
/// up to <see cref="UplinkOptions.RecordsPerPublish"/> to a publish, and a record is deleted only after the PUBACK of the
/// publish that carried it. Each round leases the highest class first, so a live alert overtakes a
/// backlog of summaries; within a class records go oldest first. This class owns the connection and its reconnect loop
/// (MQTTnet 5 has no managed client) and never reconnects from the disconnect event; the rounds and their
/// acknowledgement are <see cref="UplinkDrain"/>'s.
/// </summary>
public sealed partial class UplinkService : BackgroundService
{
    private readonly UplinkDrain _drain;
    private readonly UplinkOptions _options;
    private readonly string _gatewayId;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<UplinkService> _logger;
    private readonly ReconnectBackoff _backoff;
    private long _connections;
    private long _backoffResets;
    private long _failures;
    private TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public UplinkService(
        OutboxLeases outbox,
        IOptions<UplinkOptions> options,
        IOptions<GatewayOptions> gateway,
        TimeProvider timeProvider,
        ILogger<UplinkService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gateway);
        _options = options.Value;
        _gatewayId = gateway.Value.Id;
        _timeProvider = timeProvider;
        _drain = new UplinkDrain(outbox, _options, _gatewayId, timeProvider);
        _logger = logger;
        _backoff = new ReconnectBackoff(_options.ReconnectBase, _options.ReconnectCap);
    }

    public bool Connected { get; private set; }

    /// <summary>Records acknowledged by the cloud broker since start.</summary>
    public long Sent => _drain.Sent;

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
                await _drain.SettleInFlightAsync();
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

                await _drain.SettleInFlightAsync();

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

    /// <summary>One round of the drain on <paramref name="client"/> (see <see cref="UplinkDrain.DrainOnceAsync"/>).</summary>
    internal Task<int> DrainOnceAsync(IMqttClient client, CancellationToken cancellationToken) =>
        _drain.DrainOnceAsync(client, _disconnected.Task, cancellationToken);

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
        // The cloud broker knows a gateway by its id: with only a password (the gateway's token) the user name is the id.
        if (!string.IsNullOrEmpty(_options.Username) || !string.IsNullOrEmpty(_options.Password))
        {
            builder.WithCredentials(string.IsNullOrEmpty(_options.Username) ? _gatewayId : _options.Username, _options.Password);
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
