namespace Edge.Maintenance.Serving.CloudLink;

/// <summary>A machine event recorded in the cloud (<c>GET /api/gateway/events?after=</c>), with its id as the cursor.</summary>
public sealed record CloudMachineEvent
{
    public required long Id { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    public required string Machine { get; init; }

    public required string Kind { get; init; }

    public string Detail { get; init; } = "";
}
