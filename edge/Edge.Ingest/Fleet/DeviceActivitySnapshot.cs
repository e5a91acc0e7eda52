namespace Edge.Ingest.Fleet;

/// <summary>What <c>devices list</c> and <c>GET /api/devices</c> show for one device.</summary>
public sealed record DeviceActivitySnapshot(
    string DeviceId,
    bool Online,
    string? OfflineCause,
    DateTimeOffset? LastSeen,
    long Messages,
    long Readings,
    long Duplicates,
    IReadOnlyDictionary<string, long> Rejections);
