using System.Text;
using System.Text.Json;
using Edge.Contracts;

using static Edge.Cloud.Storage.Sql;

namespace Edge.Cloud.Storage;

/// <summary>Reads what gateways sent: the fleet, machines and their summaries, footfall and its privacy, gateway health.</summary>
internal sealed class RecordQueries
{
    private readonly RelationalCloudStore _store;

    public RecordQueries(RelationalCloudStore store) => _store = store;

    public async Task<IReadOnlyList<GatewayRow>> GetGatewaysAsync(IReadOnlyCollection<string>? sites, CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "");
        var sql = new StringBuilder("""
            SELECT g.gateway_id, g.last_seen, g.last_sequence, (SELECT COUNT(*) FROM records r WHERE r.gateway_id = g.gateway_id),
                   g.version, g.backlog, g.autonomy_hours, g.health_at, g.warnings
            FROM gateways g WHERE 1 = 1
            """);
        AppendSiteFilter(sql, command, sites, "g.gateway_id");
        command.CommandText = sql.Append(" ORDER BY g.gateway_id;").ToString();
        return await QueryAsync(command, reader => new GatewayRow(reader.GetString(0), _store.ReadTime(reader, 1), reader.GetInt64(2), reader.GetInt64(3))
        {
            Version = GetNullableString(reader, 4),
            OutboxBacklog = GetNullableInt64(reader, 5),
            HoursOfAutonomyLeft = GetNullableDouble(reader, 6),
            HealthAt = _store.ReadNullableTime(reader, 7),
            Warnings = reader.IsDBNull(8) ? [] : JsonSerializer.Deserialize(reader.GetString(8), CloudStorageJsonContext.Default.IReadOnlyListString) ?? [],
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<MachineRow>> GetMachinesAsync(IReadOnlyCollection<string>? sites, CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "");
        var sql = new StringBuilder("SELECT machine_id, gateway_id, last_window_end, sensors FROM machines WHERE 1 = 1");
        AppendSiteFilter(sql, command, sites, "gateway_id");
        command.CommandText = sql.Append(" ORDER BY machine_id, gateway_id;").ToString();
        return await QueryAsync(command, reader =>
        {
            var means = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var sensor in ReadSensors(reader.GetString(3)))
            {
                means[sensor.Sensor] = sensor.Mean;
            }

            return new MachineRow(reader.GetString(0), reader.GetString(1), _store.ReadTime(reader, 2), means);
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<SummaryRow>> GetSummariesAsync(string machineId, DateTimeOffset from, DateTimeOffset to, IReadOnlyCollection<string>? sites, CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "");
        var sql = new StringBuilder("""
            SELECT gateway_id, sequence, machine_id, window_start, window_end, sensors FROM machine_summaries
            WHERE machine_id = @machine AND window_start >= @from AND window_start < @to
            """);
        AppendSiteFilter(sql, command, sites, "gateway_id");
        command.CommandText = sql.Append(" ORDER BY window_start, gateway_id, sequence;").ToString();
        Set(command, "@machine", machineId);
        Set(command, "@from", _store.Time(from));
        Set(command, "@to", _store.Time(to));
        return await QueryAsync(command, reader => new SummaryRow(
            reader.GetString(0), reader.GetInt64(1), reader.GetString(2), _store.ReadTime(reader, 3), _store.ReadTime(reader, 4), ReadSensors(reader.GetString(5))), cancellationToken);
    }

    public async Task<IReadOnlyList<FootfallCellRow>> GetFootfallAsync(string storeId, DateOnly fromDay, DateOnly toDay, IReadOnlyCollection<string>? sites, CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "");
        var sql = new StringBuilder("""
            SELECT gateway_id, store_id, day, zone_id, window_start, window_end, visitors, dwell_seconds_sum, suppressed, partial
            FROM footfall_cells WHERE store_id = @store AND day >= @from AND day <= @to
            """);
        AppendSiteFilter(sql, command, sites, "gateway_id");
        command.CommandText = sql.Append(" ORDER BY window_start, zone_id, gateway_id;").ToString();
        Set(command, "@store", storeId);
        Set(command, "@from", _store.Day(fromDay));
        Set(command, "@to", _store.Day(toDay));
        return await QueryAsync(command, reader => new FootfallCellRow(
            reader.GetString(0), reader.GetString(1), _store.ReadDay(reader, 2), reader.GetString(3), _store.ReadTime(reader, 4), _store.ReadTime(reader, 5),
            GetNullableInt64(reader, 6), GetNullableInt64(reader, 7), reader.GetBoolean(8), reader.GetBoolean(9)), cancellationToken);
    }

    public async Task<IReadOnlyList<StorePrivacyRow>> GetStorePrivacyAsync(IReadOnlyCollection<string>? sites, CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "");
        var sql = new StringBuilder("""
            SELECT store_id, gateway_id, day, epsilon_per_release, epsilon_per_day, max_windows_per_device, suppress_below,
                   window_seconds, max_dwell_seconds, count_noise95, received_at, parameters
            FROM footfall_privacy WHERE 1 = 1
            """);
        AppendSiteFilter(sql, command, sites, "gateway_id");
        command.CommandText = sql.Append(" ORDER BY store_id, gateway_id, day DESC;").ToString();
        // The parameters exactly as the gateway sent them (fields added by newer gateways included); the columns serve queries.
        return await QueryAsync(command, reader => new StorePrivacyRow(
            reader.GetString(0), reader.GetString(1), _store.ReadDay(reader, 2),
            JsonSerializer.Deserialize(reader.GetString(11), ContractsJsonContext.Default.PrivacyParameters)!,
            _store.ReadTime(reader, 10)), cancellationToken);
    }

    public async Task<IReadOnlyList<HealthRow>> GetHealthHistoryAsync(string gatewayId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, """
            SELECT gateway_id, at, version, backlog, autonomy_hours, warnings FROM gateway_health
            WHERE gateway_id = @gateway AND at >= @from AND at < @to ORDER BY at;
            """);
        Set(command, "@gateway", gatewayId);
        Set(command, "@from", _store.Time(from));
        Set(command, "@to", _store.Time(to));
        return await QueryAsync(command, reader => new HealthRow(
            reader.GetString(0), _store.ReadTime(reader, 1), reader.GetString(2), reader.GetInt64(3), GetNullableDouble(reader, 4),
            JsonSerializer.Deserialize(reader.GetString(5), CloudStorageJsonContext.Default.IReadOnlyListString) ?? []), cancellationToken);
    }

    public async Task<long> CountRecordsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT COUNT(*) FROM records;");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static IReadOnlyList<SensorSummary> ReadSensors(string json) =>
        JsonSerializer.Deserialize(json, CloudStorageJsonContext.Default.IReadOnlyListSensorSummary) ?? [];
}
