namespace Edge.Gateway.LocalWeb;

/// <summary>What <c>GET /api/status</c> returns: enough for the IT person to see the gateway is healthy and working.</summary>
public sealed record GatewayStatus
{
    public required string GatewayId { get; init; }

    public required string Version { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required int BrokerPort { get; init; }

    public required long MessagesAccepted { get; init; }

    public required long ReadingsAccepted { get; init; }

    public required IReadOnlyDictionary<string, long> Rejections { get; init; }

    public required long SummariesCommitted { get; init; }

    public required long OutboxBacklog { get; init; }

    public required long LastSequence { get; init; }

    public required bool UplinkConnected { get; init; }

    public required long UplinkSent { get; init; }

    public required long BrokerQueueOverwrites { get; init; }

    public required BrokerSocketStatus BrokerSockets { get; init; }

    public required IReadOnlyList<MachineStatus> Machines { get; init; }
}
