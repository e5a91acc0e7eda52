using System.Data.Common;
using Edge.Contracts;

namespace Edge.Cloud.Storage;

/// <summary>
/// The store's front door and its provider contract. What differs between SQLite and PostgreSQL (connections, time
/// encoding, the bulk paths of ingest, retention) is implemented by the two subclasses. The SQL both accept (both
/// ADO.NET providers take <c>@name</c> parameters and <c>INSERT ... ON CONFLICT</c>) lives in one class per concern,
/// composed here: <see cref="BatchWriter"/> stores what gateways send, <see cref="AlertWriter"/> moves alerts through
/// their states, <see cref="AlertQueries"/> and <see cref="RecordQueries"/> read.
/// </summary>
public abstract class RelationalCloudStore : ICloudStore
{
    private readonly BatchWriter _batches;
    private readonly AlertWriter _alerts;
    private readonly AlertQueries _alertQueries;
    private readonly RecordQueries _records;

    protected RelationalCloudStore()
    {
        _alerts = new AlertWriter(this);
        _batches = new BatchWriter(this, _alerts);
        _alertQueries = new AlertQueries(this);
        _records = new RecordQueries(this);
        Events = new MachineEvents(this);
        History = new HistoryQueries(this);
        Models = new ModelStore(this);
    }

    /// <summary>Machine events engineers record (failures, maintenance, error codes).</summary>
    public MachineEvents Events { get; }

    /// <summary>Stored window summaries read for the history export.</summary>
    public HistoryQueries History { get; }

    /// <summary>Model files and which site runs which version.</summary>
    public ModelStore Models { get; }

    internal abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Begins a write transaction that takes the write lock up front (SQLite: BEGIN IMMEDIATE).</summary>
    internal abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>The provider's encoding of a UTC instant.</summary>
    internal abstract object Time(DateTimeOffset value);

    internal abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    internal abstract object Day(DateOnly value);

    internal abstract DateOnly ReadDay(DbDataReader reader, int ordinal);

    internal DateTimeOffset? ReadNullableTime(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ReadTime(reader, ordinal);

    /// <summary>Work before the transaction (PostgreSQL creates the day partitions the batch needs).</summary>
    internal virtual Task PrepareIngestAsync(IReadOnlyList<UplinkEnvelope> batch, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Adds the batch to the (gateway, sequence) ledger; returns the envelopes that were not there yet.</summary>
    internal abstract Task<IReadOnlyList<UplinkEnvelope>> InsertLedgerAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<UplinkEnvelope> batch, DateTimeOffset receivedAt, CancellationToken cancellationToken);

    internal abstract Task InsertSummariesAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<(UplinkEnvelope Envelope, MachineSummary Summary)> summaries, CancellationToken cancellationToken);

    /// <summary>Each gateway's last sequence and time seen: one statement per gateway unless the provider does better.</summary>
    internal virtual Task UpsertGatewaysAsync(DbConnection connection, DbTransaction transaction, List<UplinkEnvelope> batch, DateTimeOffset receivedAt, CancellationToken cancellationToken) =>
        _batches.UpsertGatewaysPerRowAsync(connection, transaction, batch, receivedAt, cancellationToken);

    /// <summary>Each machine's newest window: one statement per machine unless the provider does better.</summary>
    internal virtual Task UpsertLatestMachinesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<(UplinkEnvelope Envelope, MachineSummary Summary)> summaries, CancellationToken cancellationToken) =>
        _batches.UpsertLatestMachinesPerRowAsync(connection, transaction, summaries, cancellationToken);

    public abstract Task ApplyRetentionAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);

    public Task<int> IngestAsync(IReadOnlyList<UplinkEnvelope> batch, DateTimeOffset receivedAt, CancellationToken cancellationToken) =>
        _batches.IngestAsync(batch, receivedAt, cancellationToken);

    public Task<bool> ChangeAlertStateAsync(string gatewayId, string alertId, string state, string actor, string? comment, DateTimeOffset at, CancellationToken cancellationToken) =>
        _alerts.ChangeStateAsync(gatewayId, alertId, state, actor, comment, null, at, cancellationToken);

    public Task<bool> ChangeAlertStateAsync(
        string gatewayId, string alertId, string state, string actor, string? comment, string? outcome, DateTimeOffset at, CancellationToken cancellationToken) =>
        _alerts.ChangeStateAsync(gatewayId, alertId, state, actor, comment, outcome, at, cancellationToken);

    public Task<IReadOnlyList<AlertRow>> GetAlertsAsync(AlertFilter filter, CancellationToken cancellationToken) =>
        _alertQueries.GetAlertsAsync(filter, cancellationToken);

    public Task<AlertRow?> GetAlertAsync(string gatewayId, string alertId, CancellationToken cancellationToken) =>
        _alertQueries.GetAlertAsync(gatewayId, alertId, cancellationToken);

    public Task<IReadOnlyList<AlertHistoryRow>> GetAlertHistoryAsync(string gatewayId, string alertId, CancellationToken cancellationToken) =>
        _alertQueries.GetAlertHistoryAsync(gatewayId, alertId, cancellationToken);

    public Task<IReadOnlyList<PredictionRow>> GetPredictionsAsync(string machineId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken, IReadOnlyCollection<string>? sites = null) =>
        _alertQueries.GetPredictionsAsync(machineId, from, to, sites, cancellationToken);

    public Task<IReadOnlyList<GatewayRow>> GetGatewaysAsync(CancellationToken cancellationToken, IReadOnlyCollection<string>? sites = null) =>
        _records.GetGatewaysAsync(sites, cancellationToken);

    public Task<IReadOnlyList<MachineRow>> GetMachinesAsync(CancellationToken cancellationToken, IReadOnlyCollection<string>? sites = null) =>
        _records.GetMachinesAsync(sites, cancellationToken);

    public Task<IReadOnlyList<SummaryRow>> GetSummariesAsync(string machineId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken, IReadOnlyCollection<string>? sites = null) =>
        _records.GetSummariesAsync(machineId, from, to, sites, cancellationToken);

    public Task<IReadOnlyList<FootfallCellRow>> GetFootfallAsync(string storeId, DateOnly fromDay, DateOnly toDay, CancellationToken cancellationToken, IReadOnlyCollection<string>? sites = null) =>
        _records.GetFootfallAsync(storeId, fromDay, toDay, sites, cancellationToken);

    public Task<IReadOnlyList<StorePrivacyRow>> GetStorePrivacyAsync(CancellationToken cancellationToken, IReadOnlyCollection<string>? sites = null) =>
        _records.GetStorePrivacyAsync(sites, cancellationToken);

    public Task<IReadOnlyList<HealthRow>> GetHealthHistoryAsync(string gatewayId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        _records.GetHealthHistoryAsync(gatewayId, from, to, cancellationToken);

    public Task<long> CountRecordsAsync(CancellationToken cancellationToken) => _records.CountRecordsAsync(cancellationToken);
}
