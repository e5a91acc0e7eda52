using Edge.Maintenance.Serving.CloudLink;

namespace Edge.Maintenance.Serving;

/// <summary>One served model in the status API.</summary>
public sealed record ModelStatus(
    string File,
    string Version,
    string Kind,
    string Dataset,
    DateTimeOffset TrainedAt,
    IReadOnlyList<string> Channels,
    int Features,
    IReadOnlyDictionary<string, double> Metrics);

/// <summary>Served models and rejected files, for <c>GET /api/models</c>.</summary>
public sealed record ModelsStatus(IReadOnlyList<ModelStatus> Served, IReadOnlyList<RejectedModel> Rejected)
{
    /// <summary>History models per machine kind (serving, shadow, their comparison).</summary>
    public HistoryStatus? History { get; init; }

    /// <summary>The cloud link: last poll, failures, refused model files.</summary>
    public CloudLinkStatus? Cloud { get; init; }
}
