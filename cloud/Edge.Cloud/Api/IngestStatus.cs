namespace Edge.Cloud.Api;

/// <summary>
/// <c>GET /api/ingest</c>. <c>Forged</c>: records naming another gateway than their sender (also in <c>Rejected</c>);
/// <c>RefusedConnections</c>: broker logins refused or throttled; <c>UnauthorizedPublishes</c>: publishes outside the sender's topics.
/// </summary>
public sealed record IngestStatus(long Received, long Stored, long Duplicates, long Rejected, long Forged = 0, long RefusedConnections = 0, long UnauthorizedPublishes = 0);
