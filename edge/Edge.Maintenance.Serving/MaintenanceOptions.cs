using System.ComponentModel.DataAnnotations;

namespace Edge.Maintenance.Serving;

/// <summary>Section <c>Maintenance</c>: where models live, when predictions become alerts, and how alerts behave.</summary>
public sealed class MaintenanceOptions : IValidatableObject
{
    public const string Section = "Maintenance";

    /// <summary>Folder of model files (<c>*.zip</c> from <c>model train</c>). Relative paths resolve against the data directory.</summary>
    [Required]
    public string ModelsDirectory { get; set; } = "models";

    /// <summary>How often the models folder is checked for new, changed or removed files (hot swap).</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A remaining-life prediction at or below this (in the model's unit) is abnormal.</summary>
    [Range(0.0, 1e6)]
    public double RemainingLifeThreshold { get; set; } = 30;

    /// <summary>A failure probability at or above this is abnormal; null uses the model's own decision threshold.</summary>
    [Range(0.0, 1.0)]
    public double? FailureProbabilityThreshold { get; set; }

    /// <summary>Consecutive abnormal windows before an alert is raised (hysteresis).</summary>
    [Range(1, 1000)]
    public int RaiseAfterWindows { get; set; } = 3;

    /// <summary>Consecutive normal windows before an open alert clears.</summary>
    [Range(1, 1000)]
    public int ClearAfterWindows { get; set; } = 5;

    /// <summary>After an alert clears, the same (machine, kind) cannot raise again for this long.</summary>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>An open alert nobody acknowledged is escalated to critical after this long.</summary>
    public TimeSpan EscalateAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>An open alert is re-sent as "updated" at most this often while it stays abnormal (severity changes go out at once).</summary>
    public TimeSpan UpdateInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Windows in the rolling population of the drift check (PSI per feature against training), pooled over the machines a model scores.</summary>
    [Range(10, 1_000_000)]
    public int DriftWindows { get; set; } = 500;

    [Range(0.01, 10.0)]
    public double DriftThreshold { get; set; } = 0.25;

    /// <summary>Contributing features listed in an alert.</summary>
    [Range(1, 50)]
    public int TopFeatures { get; set; } = 5;

    /// <summary>
    /// Windows kept per machine (single-precision means), replayed into a new model's features when it is swapped in
    /// mid-life. 30 fills the longest default rolling window; the elapsed count still covers the machine's whole life,
    /// and a retrained model of the same schema takes over the previous one's feature state without any replay. The
    /// sensors a served model's feature state already holds for at least this many windows are read back from it
    /// rather than kept twice.
    /// </summary>
    [Range(1, 100_000)]
    public int HistoryWindows { get; set; } = 30;

    /// <summary>Fallback detector for machines without a model: |z| threshold and CUSUM decision interval.</summary>
    [Range(1.0, 100.0)]
    public double AnomalyZThreshold { get; set; } = 4;

    [Range(1.0, 1000.0)]
    public double AnomalyCusumThreshold { get; set; } = 8;

    [Range(2, 10_000)]
    public int AnomalyWarmUpWindows { get; set; } = 20;

    /// <summary>
    /// Machine id patterns (glob: <c>*</c> any run, <c>?</c> one character) to machine kind, for example
    /// <c>"press-*": "press"</c>. A cloud-assigned model serves the machines of its kind; a machine no pattern matches
    /// is of kind <see cref="DefaultMachineKind"/>. The most specific pattern (most literal characters) wins.
    /// </summary>
    public Dictionary<string, string> MachineKinds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Plant time per gateway time for history models: the time a window is pushed at is start + (now - start) x scale.
    /// 1 on a real plant; the demo runs its plant faster (720: one 5 s window is one plant hour).
    /// </summary>
    [Range(1e-3, 1e6)]
    public double ClockScale { get; set; } = 1;

    /// <summary>How often per-machine feature state is checkpointed to SQLite (and always on stop).</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The SQLite file of checkpoints and machine events; relative paths resolve against the data directory.</summary>
    [Required]
    public string StateDatabase { get; set; } = "maintenance.db";

    public const string DefaultMachineKind = "default";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ScanInterval < TimeSpan.FromMilliseconds(100))
        {
            yield return new ValidationResult("Maintenance:ScanInterval must be at least 00:00:00.1.", [nameof(ScanInterval)]);
        }

        if (Cooldown < TimeSpan.Zero || EscalateAfter <= TimeSpan.Zero || UpdateInterval < TimeSpan.Zero)
        {
            yield return new ValidationResult("Maintenance:Cooldown and UpdateInterval must not be negative and Maintenance:EscalateAfter must be positive.", [nameof(EscalateAfter)]);
        }

        if (CheckpointInterval < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult("Maintenance:CheckpointInterval must be at least 00:00:01.", [nameof(CheckpointInterval)]);
        }

        foreach (var (pattern, kind) in MachineKinds)
        {
            if (string.IsNullOrWhiteSpace(pattern) || string.IsNullOrWhiteSpace(kind))
            {
                yield return new ValidationResult("Maintenance:MachineKinds needs a non-empty pattern and kind in every entry, for example \"press-*\": \"press\".", [nameof(MachineKinds)]);
            }
        }
    }
}
