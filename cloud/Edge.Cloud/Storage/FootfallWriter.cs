using System.Data.Common;
using System.Text.Json;
using Edge.Contracts;

using static Edge.Cloud.Storage.Sql;

namespace Edge.Cloud.Storage;

/// <summary>Writes a retail store's footfall report: the day's privacy parameters and the released cells.</summary>
internal sealed class FootfallWriter
{
    private readonly RelationalCloudStore _store;

    public FootfallWriter(RelationalCloudStore store) => _store = store;

    public async Task ApplyAsync(DbConnection connection, DbTransaction transaction, string gatewayId, FootfallReport report, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var privacy = report.Privacy;
        await using (var parameters = Command(connection, transaction, """
            INSERT INTO footfall_privacy (store_id, day, gateway_id, epsilon_per_release, epsilon_per_day, max_windows_per_device,
                suppress_below, window_seconds, max_dwell_seconds, count_noise95, received_at, parameters)
            VALUES (@store, @day, @gateway, @epsilonRelease, @epsilonDay, @maxWindows, @suppress, @window, @dwell, @noise, @received, @parameters)
            ON CONFLICT (gateway_id, store_id, day) DO UPDATE SET epsilon_per_release = excluded.epsilon_per_release,
                epsilon_per_day = excluded.epsilon_per_day, max_windows_per_device = excluded.max_windows_per_device,
                suppress_below = excluded.suppress_below, window_seconds = excluded.window_seconds,
                max_dwell_seconds = excluded.max_dwell_seconds, count_noise95 = excluded.count_noise95, received_at = excluded.received_at,
                parameters = excluded.parameters;
            """))
        {
            Set(parameters, "@store", report.StoreId);
            Set(parameters, "@day", _store.Day(report.Day));
            Set(parameters, "@gateway", gatewayId);
            Set(parameters, "@epsilonRelease", privacy.EpsilonPerRelease);
            Set(parameters, "@epsilonDay", privacy.EpsilonPerDay);
            Set(parameters, "@maxWindows", privacy.MaxWindowsPerDevicePerDay);
            Set(parameters, "@suppress", privacy.SuppressBelow);
            Set(parameters, "@window", privacy.Window.TotalSeconds);
            Set(parameters, "@dwell", privacy.MaxDwell.TotalSeconds);
            Set(parameters, "@noise", privacy.CountNoise95);
            Set(parameters, "@received", _store.Time(receivedAt));
            Set(parameters, "@parameters", JsonSerializer.Serialize(privacy, ContractsJsonContext.Default.PrivacyParameters));
            await parameters.ExecuteNonQueryAsync(cancellationToken);
        }

        // A later release of the same day replaces its cells (the gateway re-sends a day as it fills).
        await using var cell = Command(connection, transaction, """
            INSERT INTO footfall_cells (store_id, zone_id, window_start, window_end, day, gateway_id, visitors, dwell_seconds_sum, suppressed, partial)
            VALUES (@store, @zone, @start, @end, @day, @gateway, @visitors, @dwell, @suppressed, @partial)
            ON CONFLICT (gateway_id, store_id, zone_id, window_start) DO UPDATE SET window_end = excluded.window_end, day = excluded.day,
                visitors = excluded.visitors, dwell_seconds_sum = excluded.dwell_seconds_sum,
                suppressed = excluded.suppressed, partial = excluded.partial;
            """);
        foreach (var item in report.Cells)
        {
            Set(cell, "@store", report.StoreId);
            Set(cell, "@zone", item.ZoneId);
            Set(cell, "@start", _store.Time(item.WindowStart));
            Set(cell, "@end", _store.Time(item.WindowEnd));
            Set(cell, "@day", _store.Day(report.Day));
            Set(cell, "@gateway", gatewayId);
            Set(cell, "@visitors", item.Visitors);
            Set(cell, "@dwell", item.DwellSecondsSum);
            Set(cell, "@suppressed", item.Suppressed);
            Set(cell, "@partial", item.Partial);
            await cell.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
