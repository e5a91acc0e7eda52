namespace Edge.Cloud.Storage;

/// <summary>
/// Which model versions a site runs for one machine kind. The transitions are pure (they return the next row, or null
/// when the step does not apply) so that the store applies them inside one write transaction.
/// </summary>
public sealed record ModelAssignmentRow(
    string Site, string MachineKind, string? Serving, string? Shadow, string? Previous, DateTimeOffset? ShadowSince, DateTimeOffset UpdatedAt, string UpdatedBy)
{
    public static ModelAssignmentRow Empty(string site, string machineKind, DateTimeOffset at, string actor) =>
        new(site, machineKind, null, null, null, null, at, actor);

    /// <summary>Puts <paramref name="version"/> in shadow (the usual first step) or straight into service.</summary>
    public ModelAssignmentRow Assign(string version, string stage, DateTimeOffset at, string actor) => stage == ModelStages.Serving
        ? this with
        {
            Previous = Serving is not null && Serving != version ? Serving : Previous,
            Serving = version,
            Shadow = Shadow == version ? null : Shadow,
            ShadowSince = Shadow == version ? null : ShadowSince,
            UpdatedAt = at,
            UpdatedBy = actor,
        }
        : this with { Shadow = version, ShadowSince = at, UpdatedAt = at, UpdatedBy = actor };

    /// <summary>Shadow becomes serving; the old serving model is kept as previous. Null when nothing is in shadow.</summary>
    public ModelAssignmentRow? Promote(DateTimeOffset at, string actor) => Shadow is null
        ? null
        : this with { Previous = Serving ?? Previous, Serving = Shadow, Shadow = null, ShadowSince = null, UpdatedAt = at, UpdatedBy = actor };

    /// <summary>Previous becomes serving again. Null when there is no previous model.</summary>
    public ModelAssignmentRow? Rollback(DateTimeOffset at, string actor) => Previous is null
        ? null
        : this with { Serving = Previous, Previous = null, UpdatedAt = at, UpdatedBy = actor };
}
