using Edge.Contracts;

namespace Edge.Cloud.Storage;

/// <summary>
/// Where ingested records live. SQLite by default; a PostgreSQL implementation serves large fleets. Every implementation
/// de-duplicates on (gateway id, sequence) inside the same transaction that stores the record.
/// </summary>
public interface ICloudStore
{
    /// <summary>Stores a batch in one transaction; returns how many records were new (the rest were duplicates).</summary>
    Task<int> IngestAsync(IReadOnlyList<UplinkEnvelope> batch, DateTimeOffset receivedAt, CancellationToken cancellationToken);

    Task<IReadOnlyList<GatewayRow>> GetGatewaysAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<MachineRow>> GetMachinesAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<SummaryRow>> GetSummariesAsync(string machineId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Number of (gateway, sequence) records stored, duplicates excluded.</summary>
    Task<long> CountRecordsAsync(CancellationToken cancellationToken);
}
