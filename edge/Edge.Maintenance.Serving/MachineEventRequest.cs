namespace Edge.Maintenance.Serving;

/// <summary>Body of <c>POST /api/maintenance/machines/{machine}/events</c>: kind failure, maintenance, error or repair; when (default now); what.</summary>
public sealed record MachineEventRequest
{
    public DateTimeOffset? Timestamp { get; init; }

    public string? Kind { get; init; }

    public string? Detail { get; init; }
}
