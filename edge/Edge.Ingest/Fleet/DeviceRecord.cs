namespace Edge.Ingest.Fleet;

/// <summary>One device of the registry. Only the hash of its secret is kept.</summary>
public sealed record DeviceRecord(string Id, string SecretHash, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt = null)
{
    public bool IsRevoked => RevokedAt is not null;
}
