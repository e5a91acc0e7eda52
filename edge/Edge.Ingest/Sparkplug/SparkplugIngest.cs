using System.Collections.Concurrent;
using Edge.Ingest.Broker;
using Edge.Ingest.Fleet;
using Edge.Ingest.Sparkplug.Protobuf;
using Edge.Ingest.Telemetry;
using Edge.Kernel;
using MQTTnet;
using Microsoft.Extensions.Options;

namespace Edge.Ingest.Sparkplug;

/// <summary>
/// A Sparkplug B host application for the gateway (spec 3.0): tracks each edge node's session from its NBIRTH (bdSeq,
/// aliases, seq 0-255) to its NDEATH (matched on bdSeq, metrics marked stale), asks for a rebirth through NCMD
/// <c>Node Control/Rebirth</c> when seq jumps or data arrives without a birth, and turns live numeric metrics into the same
/// <see cref="Reading"/>s as JSON telemetry. Historical metrics update the history count, never the live value.
/// </summary>
public sealed class SparkplugIngest : IInboundMessageHandler
{
    private const string Prefix = SparkplugTopic.Namespace + "/";

    private readonly ConcurrentDictionary<string, SparkplugNode> _nodes = new(StringComparer.Ordinal);
    private readonly TelemetryChannel _channel;
    private readonly TelemetryMetrics _metrics;
    private readonly RejectionRecorder _rejections;
    private readonly FleetOutbound _outbound;
    private readonly TimeProvider _timeProvider;
    private readonly SparkplugOptions _options;
    private readonly SparkplugMetricMapper _mapper;

    public SparkplugIngest(
        TelemetryChannel channel,
        TelemetryMetrics metrics,
        RejectionRecorder rejections,
        FleetOutbound outbound,
        IOptions<SparkplugOptions> options,
        IOptions<TelemetryOptions> telemetry,
        TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(telemetry);
        _channel = channel;
        _metrics = metrics;
        _rejections = rejections;
        _outbound = outbound;
        _timeProvider = timeProvider;
        _options = options.Value;
        _mapper = new SparkplugMetricMapper(_options, telemetry.Value);
    }

    public bool CanHandle(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (!topic.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        // Commands go to the nodes that subscribed, and STATE to whoever watches host applications.
        return !topic.Contains("/NCMD/", StringComparison.Ordinal) && !topic.Contains("/DCMD/", StringComparison.Ordinal)
            && !topic.StartsWith(Prefix + "STATE/", StringComparison.Ordinal);
    }

    public async ValueTask HandleAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        if (!SparkplugTopic.TryParse(message.Topic, out var topic))
        {
            _rejections.Record(TopicAccessPolicy.DeviceIdOf(message.Topic) ?? message.ClientId, RejectionReason.Schema, "not a Sparkplug B topic", message.Topic, message.Payload);
            return;
        }

        if (!SparkplugDecoder.TryDecode(message.Payload, out var payload, out var error))
        {
            _rejections.Record(topic!.Node, RejectionReason.Malformed, $"not a Sparkplug B payload: {error}", message.Topic, message.Payload);
            return;
        }

        var readings = new List<Reading>();
        var outcome = Apply(topic!, payload!, readings);
        if (outcome is { } refusal)
        {
            _rejections.Record(topic!.Node, refusal.Reason, refusal.Detail, message.Topic, message.Payload);
            return;
        }

        var dropped = await ReadingHandOff.WriteAllAsync(_channel, readings, message.QualityOfService, cancellationToken);
        if (dropped > 0)
        {
            _rejections.Record(topic!.Node, RejectionReason.Overflow, $"pipeline full: {dropped} readings of a QoS 0 message dropped", message.Topic, default);
        }

        _metrics.Accepted(readings.Count - dropped);
        _rejections.Activity.Accepted(topic!.Node, readings.Count - dropped);
    }

    /// <summary>Everything known about nodes and their devices, for the status API and tests.</summary>
    public IReadOnlyList<SparkplugNodeSnapshot> Snapshot()
    {
        var snapshots = new List<SparkplugNodeSnapshot>();
        foreach (var (key, node) in _nodes)
        {
            var separator = key.IndexOf('/', StringComparison.Ordinal);
            var (group, name) = (key[..separator], key[(separator + 1)..]);
            lock (node.Gate)
            {
                snapshots.Add(new SparkplugNodeSnapshot(
                    group, name, null, node.Scope.Online, node.BirthDeathSequence, node.LastSequence, node.SequenceGaps, node.RebirthRequests,
                    [.. node.Scope.Metrics.Values]));
                foreach (var (device, scope) in node.Devices)
                {
                    snapshots.Add(new SparkplugNodeSnapshot(
                        group, name, device, scope.Online, null, null, 0, 0, [.. scope.Metrics.Values]));
                }
            }
        }

        return snapshots;
    }

    private SparkplugRefusal? Apply(SparkplugTopic topic, Payload payload, List<Reading> readings)
    {
        var key = topic.Group + "/" + topic.Node;
        if (!_nodes.TryGetValue(key, out var node))
        {
            if (_nodes.Count >= DeviceActivity.MaxDevices)
            {
                return new SparkplugRefusal(RejectionReason.TooLarge, "too many Sparkplug nodes");
            }

            node = _nodes.GetOrAdd(key, static _ => new SparkplugNode());
        }

        var now = _timeProvider.GetUtcNow();
        var machineId = _mapper.MachineIdFor(topic);
        lock (node.Gate)
        {
            switch (topic.Type)
            {
                case SparkplugMessageType.NBIRTH:
                    if (BirthDeathSequenceOf(payload) is not { } birthSequence)
                    {
                        return new SparkplugRefusal(RejectionReason.Schema, "NBIRTH without a bdSeq metric");
                    }

                    node.BirthDeathSequence = birthSequence;
                    node.LastSequence = payload.HasSeq ? (int)(payload.Seq % 256) : 0;
                    node.RebirthRequested = false;
                    node.Scope.Birth();
                    foreach (var stale in node.Devices.Values)
                    {
                        stale.MarkStale();
                    }

                    return _mapper.Apply(node.Scope, payload, isBirth: true, machineId, now, readings);

                case SparkplugMessageType.NDEATH:
                    // A death certificate from an earlier session (its bdSeq differs) must not kill the current one.
                    if (BirthDeathSequenceOf(payload) is { } deathSequence && deathSequence == node.BirthDeathSequence && node.Scope.Online)
                    {
                        node.Scope.MarkStale();
                        foreach (var stale in node.Devices.Values)
                        {
                            stale.MarkStale();
                        }
                    }

                    return null;
            }

            if (!node.Scope.Online)
            {
                RequestRebirth(topic, node, now);
                return new SparkplugRefusal(RejectionReason.Schema, $"{topic.Type} before the node's NBIRTH");
            }

            TrackSequence(topic, node, payload, now);
            var device = topic.Device!;
            switch (topic.Type)
            {
                case SparkplugMessageType.NDATA:
                    return _mapper.Apply(node.Scope, payload, isBirth: false, machineId, now, readings);

                case SparkplugMessageType.DBIRTH:
                    if (!node.Devices.TryGetValue(device, out var born))
                    {
                        born = node.Devices[device] = new SparkplugScope();
                    }

                    born.Birth();
                    return _mapper.Apply(born, payload, isBirth: true, machineId, now, readings);

                case SparkplugMessageType.DDEATH:
                    if (node.Devices.TryGetValue(device, out var dead))
                    {
                        dead.MarkStale();
                    }

                    return null;

                case SparkplugMessageType.DDATA:
                    if (!node.Devices.TryGetValue(device, out var scope) || !scope.Online)
                    {
                        RequestRebirth(topic, node, now);
                        return new SparkplugRefusal(RejectionReason.Schema, "DDATA before the device's DBIRTH");
                    }

                    return _mapper.Apply(scope, payload, isBirth: false, machineId, now, readings);

                default:
                    return new SparkplugRefusal(RejectionReason.Schema, $"{topic.Type} is not published by edge nodes");
            }
        }
    }

    private void TrackSequence(SparkplugTopic topic, SparkplugNode node, Payload payload, DateTimeOffset now)
    {
        if (!payload.HasSeq)
        {
            return;
        }

        var sequence = (int)(payload.Seq % 256);
        var expected = ((node.LastSequence ?? 255) + 1) % 256;
        node.LastSequence = sequence;
        if (sequence != expected)
        {
            node.SequenceGaps++;
            RequestRebirth(topic, node, now);
        }
    }

    private void RequestRebirth(SparkplugTopic topic, SparkplugNode node, DateTimeOffset now)
    {
        // Once per session: the node answers with NBIRTH, which clears the flag.
        if (!_options.RequestRebirthOnGap || node.RebirthRequested)
        {
            return;
        }

        node.RebirthRequested = true;
        node.RebirthRequests++;
        _outbound.Publish(new MqttApplicationMessageBuilder()
            .WithTopic(SparkplugTopic.NodeCommand(topic.Group, topic.Node))
            .WithPayload(SparkplugDecoder.RebirthRequest(now))
            .Build());
    }

    private static ulong? BirthDeathSequenceOf(Payload payload)
    {
        foreach (var metric in payload.Metrics)
        {
            if (metric.Name == "bdSeq" && SparkplugDecoder.TryGetNumber(metric, out var value) && value >= 0)
            {
                return (ulong)value;
            }
        }

        return null;
    }

}
