namespace Edge.Maintenance.Serving.CloudLink;

/// <summary>One model the cloud assigned to this gateway (<c>GET /api/gateway/models</c>): for a machine kind, at a stage.</summary>
public sealed record CloudModelAssignment
{
    public required string MachineKind { get; init; }

    /// <summary><see cref="CloudModelStages.Serving"/> or <see cref="CloudModelStages.Shadow"/>.</summary>
    public required string Stage { get; init; }

    public required string Version { get; init; }

    public string? Sha256 { get; init; }

    public string? Signature { get; init; }

    public long Size { get; init; }
}
