using System.Buffers;

namespace Edge.Gateway.Broker;

/// <summary>A message as published to the gateway's broker. <see cref="Payload"/> is only valid during the handler call.</summary>
public readonly record struct InboundMessage(string ClientId, string? UserName, string Topic, ReadOnlySequence<byte> Payload);
