using Edge.Maintenance.Serving.CloudLink;

namespace Edge.Maintenance.Serving;

/// <summary>Which history models serve a machine kind: the cloud's assignment first, else a file of the models folder.</summary>
internal sealed class HistoryModelChoice
{
    private readonly ModelRegistry _registry;
    private readonly HashSet<string> _configured;

    public HistoryModelChoice(ModelRegistry registry, IEnumerable<string> configuredKinds)
    {
        _registry = registry;
        _configured = new HashSet<string>(configuredKinds, StringComparer.Ordinal);
    }

    /// <summary>The serving and shadow history models of a machine kind: the cloud's first, else a file of the models folder.</summary>
    public (ServedHistoryModel? Serving, ServedHistoryModel? Shadow) ModelsFor(string kind)
    {
        var assigned = _registry.Assigned;
        assigned.TryGetValue((kind, CloudModelStages.Shadow), out var shadow);
        if (assigned.TryGetValue((kind, CloudModelStages.Serving), out var serving))
        {
            return (serving, shadow);
        }

        // A file named after the kind serves it; else, for the default kind, a file named after no configured kind.
        // Among several, the first by file name, so the choice does not depend on the order files were found in.
        ServedHistoryModel? local = null;
        var localExact = false;
        foreach (var candidate in _registry.HistoryModels.Values)
        {
            var exact = string.Equals(candidate.Kind, kind, StringComparison.Ordinal);
            if (!exact && (kind != MaintenanceOptions.DefaultMachineKind || _configured.Contains(candidate.Kind)))
            {
                continue;
            }

            if (local is null || (exact && !localExact) || (exact == localExact && string.CompareOrdinal(candidate.Source, local.Source) < 0))
            {
                (local, localExact) = (candidate, exact);
            }
        }

        return (local, shadow);
    }
}
