using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;

using static Edge.Cloud.Storage.Sql;

namespace Edge.Cloud.Storage;

/// <summary>
/// Machine events engineers record (failures, maintenance, error codes), per site. Gateways poll them by id
/// (<see cref="ListAfterAsync"/>) so that a repaired machine's feature state restarts; the history export streams them.
/// </summary>
public sealed class MachineEvents
{
    private const string Columns = "id, site, machine, at, kind, detail, comment, recorded_by, recorded_at";

    private readonly RelationalCloudStore _store;

    public MachineEvents(RelationalCloudStore store) => _store = store;

    /// <summary>Stores the event (its <see cref="MachineEventRow.Id"/> is ignored) and returns the id it got.</summary>
    public async Task<long> AddAsync(MachineEventRow row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var transaction = await _store.BeginWriteAsync(connection, cancellationToken);
        var id = await InsertAsync(connection, transaction, row, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>
    /// Records a failure at <paramref name="at"/> unless one was recorded for the machine since <paramref name="since"/>
    /// (an alert resolved as real); returns the new event's id, or null when one existed.
    /// </summary>
    public async Task<long?> AddFailureUnlessRecordedAsync(MachineEventRow failure, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failure);
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var transaction = await _store.BeginWriteAsync(connection, cancellationToken);
        await using (var exists = Command(connection, transaction,
            "SELECT COUNT(*) FROM machine_events WHERE site = @site AND machine = @machine AND kind = @kind AND at >= @since;"))
        {
            Set(exists, "@site", failure.Site);
            Set(exists, "@machine", failure.Machine);
            Set(exists, "@kind", MachineEventKinds.Failure);
            Set(exists, "@since", _store.Time(since));
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                return null;
            }
        }

        var id = await InsertAsync(connection, transaction, failure with { Kind = MachineEventKinds.Failure }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>A machine's events, newest first, in the given sites (null: every site).</summary>
    public async Task<IReadOnlyList<MachineEventRow>> ListForMachineAsync(string machine, IReadOnlyCollection<string>? sites, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "");
        var sql = new StringBuilder($"SELECT {Columns} FROM machine_events WHERE machine = @machine");
        AppendSiteFilter(sql, command, sites, "site");
        command.CommandText = sql.Append(" ORDER BY at DESC, id DESC LIMIT @limit;").ToString();
        Set(command, "@machine", machine);
        Set(command, "@limit", limit);
        return await QueryAsync(command, Read, cancellationToken);
    }

    /// <summary>Events of one site with an id above <paramref name="after"/>, ascending by id (what a gateway polls).</summary>
    public async Task<IReadOnlyList<MachineEventRow>> ListAfterAsync(string site, long after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {Columns} FROM machine_events WHERE site = @site AND id > @after ORDER BY id LIMIT @limit;");
        Set(command, "@site", site);
        Set(command, "@after", after);
        Set(command, "@limit", limit);
        return await QueryAsync(command, Read, cancellationToken);
    }

    /// <summary>A site's events in [from, to) by event time, oldest first, read one row at a time (the export streams them).</summary>
    public async IAsyncEnumerable<MachineEventRow> ReadRangeAsync(
        string site, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {Columns} FROM machine_events WHERE site = @site AND at >= @from AND at < @to ORDER BY at, id;");
        Set(command, "@site", site);
        Set(command, "@from", _store.Time(from));
        Set(command, "@to", _store.Time(to));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return Read(reader);
        }
    }

    private async Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, MachineEventRow row, CancellationToken cancellationToken)
    {
        await using var insert = Command(connection, transaction, """
            INSERT INTO machine_events (site, machine, at, kind, detail, comment, recorded_by, recorded_at)
            VALUES (@site, @machine, @at, @kind, @detail, @comment, @by, @recorded) RETURNING id;
            """);
        Set(insert, "@site", row.Site);
        Set(insert, "@machine", row.Machine);
        Set(insert, "@at", _store.Time(row.Timestamp));
        Set(insert, "@kind", row.Kind);
        Set(insert, "@detail", row.Detail);
        Set(insert, "@comment", row.Comment);
        Set(insert, "@by", row.RecordedBy);
        Set(insert, "@recorded", _store.Time(row.RecordedAt));
        return Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private MachineEventRow Read(DbDataReader reader) => new(
        reader.GetInt64(0), reader.GetString(1), reader.GetString(2), _store.ReadTime(reader, 3), reader.GetString(4), reader.GetString(5),
        GetNullableString(reader, 6), reader.GetString(7), _store.ReadTime(reader, 8));
}
