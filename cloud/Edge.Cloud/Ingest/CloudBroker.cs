using System.Net;
using System.Threading.Channels;
using Edge.Cloud.Hosting;
using Edge.Contracts;
using Microsoft.Extensions.Options;
using MQTTnet.Server;

namespace Edge.Cloud.Ingest;

/// <summary>
/// The cloud's embedded MQTT broker. Gateway uplink messages are consumed in process and the gateway's PUBACK is held
/// until the record is committed to the store: an acknowledged record is a stored record.
/// </summary>
internal sealed partial class CloudBroker : IHostedService, IAsyncDisposable
{
    private readonly ChannelWriter<PendingEnvelope> _pending;
    private readonly IngestMetrics _metrics;
    private readonly ILogger<CloudBroker> _logger;

    public CloudBroker(IOptions<CloudOptions> options, Channel<PendingEnvelope> pending, IngestMetrics metrics, ILogger<CloudBroker> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pending);
        _pending = pending.Writer;
        _metrics = metrics;
        _logger = logger;
        Port = options.Value.BrokerPort;
        var serverOptions = new MqttServerFactory().CreateServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Parse(options.Value.BrokerBindAddress))
            .WithDefaultEndpointPort(Port)
            .Build();
        Server = new MqttServerFactory().CreateMqttServer(serverOptions);
        Server.InterceptingPublishAsync += OnPublishAsync;
    }

    public MqttServer Server { get; }

    public int Port { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Server.StartAsync();
        LogStarted(Port);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Server.StopAsync();

    private async Task OnPublishAsync(InterceptingPublishEventArgs args)
    {
        if (!args.ApplicationMessage.Topic.StartsWith("edge/", StringComparison.Ordinal))
        {
            return;
        }

        args.ProcessPublish = false;
        _metrics.OnReceived();
        var envelope = EnvelopeReader.TryRead(args.ApplicationMessage.Payload, out var error);
        if (envelope is null)
        {
            _metrics.OnRejected();
            LogRejected(args.ClientId, error!);
            return;
        }

        var pending = new PendingEnvelope(envelope, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await _pending.WriteAsync(pending, args.CancellationToken);
        try
        {
            await pending.Stored.Task.WaitAsync(args.CancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Not stored: drop the connection without a PUBACK so the gateway keeps the record and resends it.
            args.CloseConnection = true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Server.IsStarted)
        {
            await Server.StopAsync();
        }

        Server.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cloud MQTT broker listening on port {Port}")]
    private partial void LogStarted(int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected uplink message from client {ClientId}: {Reason}")]
    private partial void LogRejected(string clientId, string reason);
}
