using System.Runtime.CompilerServices;
using System.Text.Json;

using static Edge.Cloud.Storage.Sql;

namespace Edge.Cloud.Storage;

/// <summary>
/// Reads a site's stored window summaries for the history export, one row at a time: a year of windows is never held
/// in memory, whichever provider serves it (both readers stream rows from the server as they are consumed).
/// </summary>
public sealed class HistoryQueries
{
    private readonly RelationalCloudStore _store;

    public HistoryQueries(RelationalCloudStore store) => _store = store;

    /// <summary>
    /// Windows that started in [from, to), machine by machine in time order: the order of the (machine, window start)
    /// index, so neither database sorts the whole range before the first row comes out.
    /// </summary>
    public async IAsyncEnumerable<HistoryWindow> ReadWindowsAsync(
        string site, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, """
            SELECT window_end, machine_id, sensors FROM machine_summaries
            WHERE gateway_id = @site AND window_start >= @from AND window_start < @to ORDER BY machine_id, window_start;
            """);
        Set(command, "@site", site);
        Set(command, "@from", _store.Time(from));
        Set(command, "@to", _store.Time(to));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var sensors = JsonSerializer.Deserialize(reader.GetString(2), CloudStorageJsonContext.Default.IReadOnlyListSensorSummary) ?? [];
            yield return new HistoryWindow(_store.ReadTime(reader, 0), reader.GetString(1), sensors);
        }
    }

    /// <summary>The names of every sensor in those windows, sorted (the export's header is their union).</summary>
    public async Task<IReadOnlyList<string>> ReadSensorNamesAsync(string site, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var window in ReadWindowsAsync(site, from, to, cancellationToken))
        {
            foreach (var sensor in window.Sensors)
            {
                names.Add(sensor.Sensor);
            }
        }

        return [.. names];
    }
}
