using System.Collections.Concurrent;
using Edge.Ingest.Broker;
using Edge.Ingest.Telemetry;
using MQTTnet.Protocol;
using MQTTnet.Server;
using Microsoft.Extensions.Options;

namespace Edge.Ingest.Fleet;

/// <summary>
/// The embedded broker's gatekeeper: authenticates devices against the registry (0x86 on bad credentials), holds them to
/// their own topics (0x87), enforces payload size and publish rate per client (BLE scanners, which publish one message per
/// advertisement, at their own rate), and tracks online/offline. Injected
/// (gateway-local) messages carry no client id and are not policed.
/// </summary>
public sealed class FleetGuard : IBrokerGuard
{
    private const string DeviceKey = "edge.fleet.device";

    private readonly DeviceRegistry _registry;
    private readonly RejectionRecorder _rejections;
    private readonly FleetOutbound _outbound;
    private readonly TimeProvider _timeProvider;
    private readonly FleetOptions _options;
    private readonly HashSet<string> _scanners;
    private readonly ConcurrentDictionary<string, ClientState> _clients = new(StringComparer.Ordinal);

    public FleetGuard(
        DeviceRegistry registry,
        RejectionRecorder rejections,
        FleetOutbound outbound,
        IOptions<FleetOptions> options,
        IOptions<BrokerOptions> broker,
        TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(broker);
        _registry = registry;
        _rejections = rejections;
        _outbound = outbound;
        _timeProvider = timeProvider;
        _options = options.Value;
        _scanners = options.Value.ScannerDevices;
        RequireAuthentication = broker.Value.RequireAuthentication;
    }

    public bool RequireAuthentication { get; }

    /// <summary>Connected clients and the device each speaks for.</summary>
    public IEnumerable<(string ClientId, string DeviceId)> Clients => _clients.Select(pair => (pair.Key, pair.Value.DeviceId));

    public void Attach(MqttServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        server.ValidatingConnectionAsync += ValidateConnectionAsync;
        server.InterceptingSubscriptionAsync += InterceptSubscriptionAsync;
        server.ClientConnectedAsync += OnConnectedAsync;
        server.ClientDisconnectedAsync += OnDisconnectedAsync;
    }

    public Task ValidateConnectionAsync(ValidatingConnectionEventArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (!RequireAuthentication)
        {
            return Task.CompletedTask;
        }

        var deviceId = args.UserName;
        var outcome = _registry.Authenticate(deviceId, args.Password);
        if (outcome != DeviceAuthentication.Accepted)
        {
            args.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            _rejections.Record(deviceId ?? "_anonymous", RejectionReason.Unauthorized, $"connect refused: {outcome}", string.Empty, default);
            return Task.CompletedTask;
        }

        // A device may only use its own client id (or <id>-suffix), or it could take over another device's session.
        if (args.ClientId != deviceId && !args.ClientId.StartsWith(deviceId + "-", StringComparison.Ordinal))
        {
            args.ReasonCode = MqttConnectReasonCode.ClientIdentifierNotValid;
            _rejections.Record(deviceId!, RejectionReason.Unauthorized, "client id is not the device id", string.Empty, default);
            return Task.CompletedTask;
        }

        args.SessionItems[DeviceKey] = deviceId!;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Decides whether a publish reaches the handlers. Refusals set the PUBACK reason code (QoS 1) and are counted.
    /// </summary>
    public bool AdmitPublish(InterceptingPublishEventArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (string.IsNullOrEmpty(args.ClientId))
        {
            return true;
        }

        var topic = args.ApplicationMessage.Topic;
        var payload = args.ApplicationMessage.Payload;
        var state = _clients.GetValueOrDefault(args.ClientId);
        var deviceId = DeviceIdFor(args.ClientId, args.UserName, topic);

        if (RequireAuthentication && (!_registry.IsActive(deviceId) || !TopicAccessPolicy.CanPublish(deviceId, topic)))
        {
            return Refuse(args, deviceId, RejectionReason.Unauthorized, MqttPubAckReasonCode.NotAuthorized, "topic not allowed for this device");
        }

        if (payload.Length > _options.MaxPayloadBytes)
        {
            return Refuse(args, deviceId, RejectionReason.TooLarge, MqttPubAckReasonCode.QuotaExceeded, "payload larger than Fleet:MaxPayloadBytes");
        }

        if (state is not null && !state.Budget.TryTake())
        {
            if (state.Budget.ConsecutiveRefusals == _options.DisconnectAfterRateLimited)
            {
                _outbound.Disconnect(args.ClientId, MqttDisconnectReasonCode.QuotaExceeded);
            }

            return Refuse(args, deviceId, RejectionReason.RateLimited, MqttPubAckReasonCode.QuotaExceeded,
                state.IsScanner ? "over Fleet:ScannerMessagesPerSecond" : "over Fleet:MessagesPerSecond");
        }

        return true;
    }

    public Task InterceptSubscriptionAsync(InterceptingSubscriptionEventArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (!RequireAuthentication || string.IsNullOrEmpty(args.ClientId))
        {
            return Task.CompletedTask;
        }

        var deviceId = args.UserName ?? string.Empty;
        var filter = args.TopicFilter.Topic;
        if (!_registry.IsActive(deviceId) || !TopicAccessPolicy.CanSubscribe(deviceId, filter))
        {
            args.ProcessSubscription = false;
            args.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            _rejections.Record(deviceId, RejectionReason.Unauthorized, "subscription not allowed for this device", filter, default);
        }

        return Task.CompletedTask;
    }

    /// <summary>Clients whose device was revoked or removed since they connected.</summary>
    public IReadOnlyList<string> ClientsOfInactiveDevices() =>
        RequireAuthentication ? [.. _clients.Where(pair => !_registry.IsActive(pair.Value.DeviceId)).Select(pair => pair.Key)] : [];

    private Task OnConnectedAsync(ClientConnectedEventArgs args)
    {
        var deviceId = args.SessionItems[DeviceKey] as string ?? args.UserName ?? args.ClientId;
        var scanner = IsScanner(deviceId);
        var budget = scanner
            ? new TokenBucket(_timeProvider, _options.ScannerMessagesPerSecond, _options.ScannerBurst)
            : new TokenBucket(_timeProvider, _options.MessagesPerSecond, _options.Burst);
        _clients[args.ClientId] = new ClientState(deviceId, budget, scanner);
        _rejections.Activity.Connected(deviceId);
        return Task.CompletedTask;
    }

    private Task OnDisconnectedAsync(ClientDisconnectedEventArgs args)
    {
        if (_clients.TryRemove(args.ClientId, out var state))
        {
            // MQTTnet publishes the Last Will for every disconnection that is not a clean DISCONNECT.
            var cause = args.DisconnectType == MqttClientDisconnectType.Clean ? "disconnected" : "connection lost (last will)";
            _rejections.Activity.Disconnected(state.DeviceId, cause);
        }

        return Task.CompletedTask;
    }

    private string DeviceIdFor(string clientId, string? userName, string topic)
    {
        if (RequireAuthentication)
        {
            return userName ?? clientId;
        }

        if (_clients.TryGetValue(clientId, out var state) && state.DeviceId != clientId)
        {
            return state.DeviceId;
        }

        return TopicAccessPolicy.DeviceIdOf(topic) ?? clientId;
    }

    private bool Refuse(InterceptingPublishEventArgs args, string deviceId, RejectionReason reason, MqttPubAckReasonCode code, string detail)
    {
        args.ProcessPublish = false;
        args.Response.ReasonCode = code;
        args.Response.ReasonString = detail;
        _rejections.Record(deviceId, reason, detail, args.ApplicationMessage.Topic, args.ApplicationMessage.Payload);
        return false;
    }

    /// <summary>
    /// A configured scanner: its device id, or without authentication its client id, is the scanner's name or starts
    /// with it and a dash (as a device's client ids may).
    /// </summary>
    private bool IsScanner(string deviceId) =>
        _scanners.Contains(deviceId) || _scanners.Any(scanner => deviceId.StartsWith(scanner + "-", StringComparison.Ordinal));

    private sealed record ClientState(string DeviceId, TokenBucket Budget, bool IsScanner);
}
