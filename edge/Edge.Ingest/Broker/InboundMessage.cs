using System.Buffers;
using MQTTnet.Protocol;

namespace Edge.Ingest.Broker;

/// <summary>
/// A message as published to the gateway's broker. <see cref="Payload"/> is only valid during the handler call.
/// <see cref="QualityOfService"/> tells a handler whether it may wait (QoS 1/2: the PUBACK waits) or must drop and count (QoS 0).
/// </summary>
public readonly record struct InboundMessage(
    string ClientId,
    string? UserName,
    string Topic,
    ReadOnlySequence<byte> Payload,
    MqttQualityOfServiceLevel QualityOfService = MqttQualityOfServiceLevel.AtLeastOnce);
