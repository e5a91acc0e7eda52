using MQTTnet;
using MQTTnet.Protocol;

namespace Edge.Ingest.Fleet;

/// <summary>Either a message to publish or a client to disconnect (with the reason code it is told).</summary>
public readonly record struct FleetOutboundItem(MqttApplicationMessage? Message, string? DisconnectClientId, MqttDisconnectReasonCode DisconnectReason);
