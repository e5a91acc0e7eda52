using System.Data.Common;
using System.Text;

using static Edge.Cloud.Storage.Sql;

namespace Edge.Cloud.Storage;

/// <summary>
/// The model registry's tables: uploaded model files (bytes, hash, signature) and, per site and machine kind, which
/// versions serve, shadow and served before. The bytes live in the database so that every API replica serves them.
/// </summary>
public sealed class ModelStore
{
    private const string ModelColumns = "version, kind, size, sha256, signature, uploaded_by, uploaded_at";
    private const string AssignmentColumns = "site, machine_kind, serving, shadow, previous, shadow_since, updated_at, updated_by";

    private readonly RelationalCloudStore _store;

    public ModelStore(RelationalCloudStore store) => _store = store;

    /// <summary>Stores a model; false when that version exists already (a version names one file, forever).</summary>
    public async Task<bool> AddAsync(ModelRow model, byte[] bytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(bytes);
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var insert = Command(connection, null, $"""
            INSERT INTO models ({ModelColumns}, bytes) VALUES (@version, @kind, @size, @sha, @signature, @by, @at, @bytes)
            ON CONFLICT (version) DO NOTHING;
            """);
        Set(insert, "@version", model.Version);
        Set(insert, "@kind", model.Kind);
        Set(insert, "@size", model.Size);
        Set(insert, "@sha", model.Sha256);
        Set(insert, "@signature", model.Signature);
        Set(insert, "@by", model.UploadedBy);
        Set(insert, "@at", _store.Time(model.UploadedAt));
        Set(insert, "@bytes", bytes);
        return await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<ModelRow>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {ModelColumns} FROM models ORDER BY uploaded_at DESC, version;");
        return await QueryAsync(command, ReadModel, cancellationToken);
    }

    public async Task<ModelRow?> FindAsync(string version, CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {ModelColumns} FROM models WHERE version = @version;");
        Set(command, "@version", version);
        return (await QueryAsync(command, ReadModel, cancellationToken)).FirstOrDefault();
    }

    /// <summary>The exact bytes uploaded, or null.</summary>
    public async Task<byte[]?> ReadBytesAsync(string version, CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT bytes FROM models WHERE version = @version;");
        Set(command, "@version", version);
        return (await QueryAsync(command, reader => reader.GetFieldValue<byte[]>(0), cancellationToken)).FirstOrDefault();
    }

    /// <summary>Assignments of the given sites (null: every site), by site then machine kind.</summary>
    public async Task<IReadOnlyList<ModelAssignmentRow>> GetAssignmentsAsync(IReadOnlyCollection<string>? sites, CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "");
        var sql = new StringBuilder($"SELECT {AssignmentColumns} FROM model_assignments WHERE 1 = 1");
        AppendSiteFilter(sql, command, sites, "site");
        command.CommandText = sql.Append(" ORDER BY site, machine_kind;").ToString();
        return await QueryAsync(command, ReadAssignment, cancellationToken);
    }

    /// <summary>Shadow models that entered shadow at or before <paramref name="cutoff"/> (due for automatic promotion).</summary>
    public async Task<IReadOnlyList<ModelAssignmentRow>> GetShadowedSinceAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {AssignmentColumns} FROM model_assignments WHERE shadow IS NOT NULL AND shadow_since <= @cutoff ORDER BY site, machine_kind;");
        Set(command, "@cutoff", _store.Time(cutoff));
        return await QueryAsync(command, ReadAssignment, cancellationToken);
    }

    /// <summary>
    /// Reads the site's assignment for the kind (or an empty one), applies <paramref name="change"/> and writes the result,
    /// in one write transaction. Returns the new row, or null when <paramref name="change"/> declined (nothing written).
    /// </summary>
    public async Task<ModelAssignmentRow?> ChangeAsync(
        string site, string machineKind, Func<ModelAssignmentRow, ModelAssignmentRow?> change, DateTimeOffset at, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var transaction = await _store.BeginWriteAsync(connection, cancellationToken);
        ModelAssignmentRow current;
        await using (var select = Command(connection, transaction, $"SELECT {AssignmentColumns} FROM model_assignments WHERE site = @site AND machine_kind = @kind;"))
        {
            Set(select, "@site", site);
            Set(select, "@kind", machineKind);
            current = (await QueryAsync(select, ReadAssignment, cancellationToken)).FirstOrDefault() ?? ModelAssignmentRow.Empty(site, machineKind, at, actor);
        }

        var next = change(current);
        if (next is null)
        {
            return null;
        }

        await using (var upsert = Command(connection, transaction, $"""
            INSERT INTO model_assignments ({AssignmentColumns}) VALUES (@site, @kind, @serving, @shadow, @previous, @since, @at, @by)
            ON CONFLICT (site, machine_kind) DO UPDATE SET serving = excluded.serving, shadow = excluded.shadow, previous = excluded.previous,
                shadow_since = excluded.shadow_since, updated_at = excluded.updated_at, updated_by = excluded.updated_by;
            """))
        {
            Set(upsert, "@site", site);
            Set(upsert, "@kind", machineKind);
            Set(upsert, "@serving", next.Serving);
            Set(upsert, "@shadow", next.Shadow);
            Set(upsert, "@previous", next.Previous);
            Set(upsert, "@since", next.ShadowSince is { } since ? _store.Time(since) : null);
            Set(upsert, "@at", _store.Time(next.UpdatedAt));
            Set(upsert, "@by", next.UpdatedBy);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return next;
    }

    private ModelRow ReadModel(DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), _store.ReadTime(reader, 6));

    private ModelAssignmentRow ReadAssignment(DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), GetNullableString(reader, 2), GetNullableString(reader, 3), GetNullableString(reader, 4),
        _store.ReadNullableTime(reader, 5), _store.ReadTime(reader, 6), reader.GetString(7));
}
