using System.Net;
using Edge.Cloud.Access;
using Edge.Cloud.Kernel;
using MQTTnet.Protocol;
using MQTTnet.Server;
using Microsoft.Extensions.Options;

namespace Edge.Cloud.Ingest;

/// <summary>
/// Who may use the embedded broker, and for what. Deny by default: a connection logs in as a gateway (user name = its
/// id, password = its account's token, client id <c>edge-gateway-&lt;id&gt;</c> or the bare id so no gateway can take
/// over another's session); it may publish only <c>edge/v&lt;n&gt;/&lt;its id&gt;/&lt;kind&gt;</c>; nobody subscribes.
/// The identity is the connection's: <see cref="UplinkPublish"/> then refuses any record whose gateway id differs from
/// the topic's. Failed logins are counted and throttled per source address (<see cref="ConnectThrottle"/>).
/// </summary>
internal sealed partial class GatewayBrokerGuard
{
    public const string ClientIdPrefix = "edge-gateway-";
    private const string IdentityKey = "edge.gateway-id";

    private readonly GatewayCredentials _credentials;
    private readonly ConnectThrottle _throttle;
    private readonly IngestMetrics _metrics;
    private readonly ILogger<GatewayBrokerGuard> _logger;
    private readonly bool _requireLogin;

    public GatewayBrokerGuard(GatewayCredentials credentials, IOptions<CloudOptions> options, TimeProvider timeProvider, IngestMetrics metrics, ILogger<GatewayBrokerGuard> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _credentials = credentials;
        _throttle = new ConnectThrottle(timeProvider);
        _metrics = metrics;
        _logger = logger;
        _requireLogin = options.Value.RequireGatewayLogin;
    }

    public void Attach(MqttServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        server.ValidatingConnectionAsync += ValidateConnectionAsync;
        server.InterceptingSubscriptionAsync += RefuseSubscriptionAsync;
    }

    public async Task ValidateConnectionAsync(ValidatingConnectionEventArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var address = (args.RemoteEndPoint as IPEndPoint)?.Address;
        if (_throttle.IsBlocked(address))
        {
            // No look-up at all: a guesser's failures cost it time, not the database.
            Refuse(args, MqttConnectReasonCode.QuotaExceeded);
            return;
        }

        var gatewayId = args.UserName;
        if (string.IsNullOrEmpty(gatewayId) && !_requireLogin)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        if (!await _credentials.VerifyAsync(gatewayId, args.Password, timeout.Token))
        {
            _throttle.OnFailure(address);
            Refuse(args, MqttConnectReasonCode.BadUserNameOrPassword);
            LogLoginRefused(address?.ToString() ?? "unknown");
            return;
        }

        if (args.ClientId != gatewayId && args.ClientId != ClientIdPrefix + gatewayId)
        {
            Refuse(args, MqttConnectReasonCode.ClientIdentifierNotValid);
            return;
        }

        args.SessionItems[IdentityKey] = gatewayId!;
    }

    /// <summary>Null when the publish may go on; otherwise why not (its PUBACK says NotAuthorized, nothing is stored).</summary>
    public string? RefusePublish(InterceptingPublishEventArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var topicGateway = UplinkPublish.TopicGateway(args.ApplicationMessage.Topic);
        if (topicGateway is null)
        {
            return "topic is not edge/v<n>/<gateway>/<kind>";
        }

        if (args.SessionItems[IdentityKey] is string identity)
        {
            return string.Equals(identity, topicGateway, StringComparison.Ordinal) ? null : "topic names another gateway than the login";
        }

        return _requireLogin ? "not logged in" : null;
    }

    private static Task RefuseSubscriptionAsync(InterceptingSubscriptionEventArgs args)
    {
        // Gateways only publish; nothing is routed to subscribers, so a subscription could only be used to listen in.
        args.ProcessSubscription = false;
        args.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
        return Task.CompletedTask;
    }

    private void Refuse(ValidatingConnectionEventArgs args, MqttConnectReasonCode reason)
    {
        args.ReasonCode = reason;
        _metrics.OnConnectionRefused();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cloud broker refused a gateway login from {Address}")]
    private partial void LogLoginRefused(string address);
}
