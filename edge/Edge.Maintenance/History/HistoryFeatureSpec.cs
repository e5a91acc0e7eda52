using System.Globalization;
using System.Runtime.CompilerServices;
using Edge.Maintenance.Features;

namespace Edge.Maintenance.History;

/// <summary>
/// What <see cref="HistoryMachineState"/> computes, stored in the model's manifest so the gateway computes exactly the
/// features the model learned from: sensors and step, rolling features, maintenance components, error windows,
/// machine models (one-hot) and the per-machine baseline normalization.
/// </summary>
public sealed record HistoryFeatureSpec
{
    public required IReadOnlyList<string> Sensors { get; init; }

    /// <summary>Bucket length: pushes within one step are averaged into one value per sensor.</summary>
    public required TimeSpan Step { get; init; }

    /// <summary>Rolling features per sensor over steps (the elapsed count is replaced by <c>hoursSinceReset</c>).</summary>
    public required FeatureOptions Rolling { get; init; }

    /// <summary>Components (maintenance or failure detail) that get their own time-since-maintenance feature.</summary>
    public IReadOnlyList<string> Components { get; init; } = [];

    /// <summary>Machine models seen in training (one-hot); an unknown model sets none.</summary>
    public IReadOnlyList<string> MachineModels { get; init; } = [];

    /// <summary>Trailing windows of the error counts.</summary>
    public IReadOnlyList<TimeSpan> ErrorWindows { get; init; } = [TimeSpan.FromHours(24), TimeSpan.FromDays(7)];

    /// <summary>Steps after a reset (start, maintenance, failure) whose mean and SD are the machine's baseline.</summary>
    public int BaselineSteps { get; init; } = 24;

    /// <summary>Adds each sensor's deviation from the machine's own baseline (difference and z-score).</summary>
    public bool Normalize { get; init; } = true;

    /// <summary>Adds the machine's age (M.csv) plus the time since its first row, in the M.csv unit and hours.</summary>
    public bool UseAge { get; init; }

    /// <summary>Error timestamps kept per machine (counts saturate there: the memory of a machine stays bounded).</summary>
    public const int ErrorCapacity = 48;

    // Built once per spec and shared by every machine's state (a schema holds all rolling feature names: per machine
    // that would be most of its memory). Kept outside the record so that equality and 'with' copies ignore it.
    private static readonly ConditionalWeakTable<HistoryFeatureSpec, FeatureSchema> s_schemas = [];
    private static readonly ConditionalWeakTable<HistoryFeatureSpec, IReadOnlyList<string>> s_names = [];

    public IReadOnlyList<string> FeatureNames() => s_names.GetValue(this, BuildNames);

    public int FeatureCount => FeatureNames().Count;

    public FeatureSchema RollingSchema() => s_schemas.GetValue(this, spec => new FeatureSchema(spec.Sensors, spec.Rolling with { Elapsed = false }));

    internal static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static List<string> BuildNames(HistoryFeatureSpec spec)
    {
        var names = new List<string>(spec.RollingSchema().FeatureNames);
        if (spec.Normalize)
        {
            foreach (var sensor in spec.Sensors)
            {
                names.Add($"{sensor}.vsBaseline");
                names.Add($"{sensor}.zBaseline");
            }
        }

        names.Add("hoursSinceReset");
        names.Add("hoursSinceMaintenance");
        names.Add("hoursSinceFailure");
        names.AddRange(spec.Components.Select(c => $"hoursSinceMaintenance.{c}"));
        names.AddRange(spec.ErrorWindows.Select(w => $"errors{Window(w)}"));
        if (spec.UseAge)
        {
            names.Add("age");
        }

        names.AddRange(spec.MachineModels.Select(m => $"model={m}"));
        return names;
    }

    private static string Window(TimeSpan window) => window.TotalHours % 24 == 0 && window.TotalHours >= 48
        ? string.Create(CultureInfo.InvariantCulture, $"{window.TotalDays:0.##}d")
        : string.Create(CultureInfo.InvariantCulture, $"{window.TotalHours:0.##}h");
}
