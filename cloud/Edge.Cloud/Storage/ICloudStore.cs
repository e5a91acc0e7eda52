using Edge.Contracts;

namespace Edge.Cloud.Storage;

/// <summary>
/// Where ingested records live. SQLite by default; PostgreSQL serves large fleets. Every implementation
/// de-duplicates on (gateway id, sequence) inside the same transaction that stores the record.
/// Read methods take the sites (gateway ids) the caller may see; null means every site.
/// </summary>
public interface ICloudStore
{
    /// <summary>Stores a batch in one transaction; returns how many records were new (the rest were duplicates).</summary>
    Task<int> IngestAsync(IReadOnlyList<UplinkEnvelope> batch, DateTimeOffset receivedAt, CancellationToken cancellationToken);

    Task<IReadOnlyList<GatewayRow>> GetGatewaysAsync(CancellationToken cancellationToken, IReadOnlyCollection<string>? sites = null);

    Task<IReadOnlyList<MachineRow>> GetMachinesAsync(CancellationToken cancellationToken, IReadOnlyCollection<string>? sites = null);

    Task<IReadOnlyList<SummaryRow>> GetSummariesAsync(string machineId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken, IReadOnlyCollection<string>? sites = null);

    Task<IReadOnlyList<AlertRow>> GetAlertsAsync(AlertFilter filter, CancellationToken cancellationToken);

    Task<AlertRow?> GetAlertAsync(string gatewayId, string alertId, CancellationToken cancellationToken);

    Task<IReadOnlyList<AlertHistoryRow>> GetAlertHistoryAsync(string gatewayId, string alertId, CancellationToken cancellationToken);

    /// <summary>Moves an alert to <paramref name="state"/> (acknowledged or resolved) and records who did it; false when no such alert.</summary>
    Task<bool> ChangeAlertStateAsync(string gatewayId, string alertId, string state, string actor, string? comment, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>As above; a resolve also stores the <paramref name="outcome"/> (<see cref="AlertOutcomes"/>) on the alert and in its history.</summary>
    Task<bool> ChangeAlertStateAsync(string gatewayId, string alertId, string state, string actor, string? comment, string? outcome, DateTimeOffset at, CancellationToken cancellationToken);

    Task<IReadOnlyList<PredictionRow>> GetPredictionsAsync(string machineId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken, IReadOnlyCollection<string>? sites = null);

    Task<IReadOnlyList<FootfallCellRow>> GetFootfallAsync(string storeId, DateOnly fromDay, DateOnly toDay, CancellationToken cancellationToken, IReadOnlyCollection<string>? sites = null);

    Task<IReadOnlyList<StorePrivacyRow>> GetStorePrivacyAsync(CancellationToken cancellationToken, IReadOnlyCollection<string>? sites = null);

    Task<IReadOnlyList<HealthRow>> GetHealthHistoryAsync(string gatewayId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Number of (gateway, sequence) records stored, duplicates excluded.</summary>
    Task<long> CountRecordsAsync(CancellationToken cancellationToken);

    /// <summary>Deletes time-series rows older than <paramref name="cutoff"/> (PostgreSQL drops whole partitions).</summary>
    Task ApplyRetentionAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
