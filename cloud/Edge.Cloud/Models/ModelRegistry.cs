using System.Security.Cryptography;
using Edge.Cloud.Access;
using Edge.Cloud.Storage;
using Microsoft.Extensions.Options;

namespace Edge.Cloud.Models;

/// <summary>
/// Uploads (hash, sign, store), assignments to a site and machine kind, promotion (shadow to serving, by an admin or
/// after <see cref="ModelsOptions.ShadowDays"/>) and rollback. Every change is written to the audit trail.
/// </summary>
public sealed class ModelRegistry
{
    private readonly ModelStore _store;
    private readonly ModelSigner _signer;
    private readonly AccountStore _audit;
    private readonly ModelsOptions _options;

    public ModelRegistry(ModelStore store, ModelSigner signer, AccountStore audit, IOptions<ModelsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _signer = signer;
        _audit = audit;
        _options = options.Value;
    }

    /// <summary>
    /// Reads the manifest, hashes and signs the exact bytes and stores them. Null when that version exists already.
    /// Throws <see cref="InvalidDataException"/> when the file is not a model (the message says why).
    /// </summary>
    public async Task<ModelRow?> UploadAsync(byte[] file, string actor, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var manifest = ModelManifest.Read(file);
        var model = new ModelRow(manifest.Version, manifest.Kind, file.LongLength, Convert.ToHexStringLower(SHA256.HashData(file)), _signer.Sign(file), actor, at);
        if (!await _store.AddAsync(model, file, cancellationToken))
        {
            return null;
        }

        await _audit.AuditAsync(at, actor, "model.upload", model.Version, $"{model.Kind}, {model.Size} bytes, sha256 {model.Sha256}", cancellationToken);
        return model;
    }

    public async Task<ModelAssignmentRow> AssignAsync(string site, string machineKind, string version, string stage, string actor, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var row = await _store.ChangeAsync(site, machineKind, current => current.Assign(version, stage, at, actor), at, actor, cancellationToken);
        await _audit.AuditAsync(at, actor, "model.assign", $"{site}/{machineKind}", $"{version} as {stage}", cancellationToken);
        return row!;
    }

    /// <summary>Shadow becomes serving; null when the site runs no shadow model for that kind.</summary>
    public async Task<ModelAssignmentRow?> PromoteAsync(string site, string machineKind, string actor, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var row = await _store.ChangeAsync(site, machineKind, current => current.Promote(at, actor), at, actor, cancellationToken);
        if (row is not null)
        {
            await _audit.AuditAsync(at, actor, "model.promote", $"{site}/{machineKind}", $"{row.Serving} serving, {row.Previous ?? "none"} previous", cancellationToken);
        }

        return row;
    }

    /// <summary>The previous model serves again; null when there is none.</summary>
    public async Task<ModelAssignmentRow?> RollbackAsync(string site, string machineKind, string actor, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var row = await _store.ChangeAsync(site, machineKind, current => current.Rollback(at, actor), at, actor, cancellationToken);
        if (row is not null)
        {
            await _audit.AuditAsync(at, actor, "model.rollback", $"{site}/{machineKind}", $"{row.Serving} serving again", cancellationToken);
        }

        return row;
    }

    /// <summary>Promotes every shadow model that has been in shadow for <see cref="ModelsOptions.ShadowDays"/>; returns them.</summary>
    public async Task<IReadOnlyList<ModelAssignmentRow>> PromoteDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cutoff = now - TimeSpan.FromDays(_options.ShadowDays);
        var promoted = new List<ModelAssignmentRow>();
        foreach (var due in await _store.GetShadowedSinceAsync(cutoff, cancellationToken))
        {
            // Re-checked inside the transaction: an admin may have promoted, or assigned a newer shadow, since the read.
            var row = await _store.ChangeAsync(due.Site, due.MachineKind,
                current => current.Shadow == due.Shadow && current.ShadowSince <= cutoff ? current.Promote(now, "system") : null, now, "system", cancellationToken);
            if (row is not null)
            {
                await _audit.AuditAsync(now, "system", "model.promote", $"{row.Site}/{row.MachineKind}",
                    $"{row.Serving} serving after {_options.ShadowDays} days in shadow, {row.Previous ?? "none"} previous", cancellationToken);
                promoted.Add(row);
            }
        }

        return promoted;
    }
}
