using System.ComponentModel.DataAnnotations;

namespace Edge.Ingest.Telemetry;

/// <summary>Section <c>Telemetry</c>: which machines are known and how readings are summarized.</summary>
public sealed class TelemetryOptions : IValidatableObject
{
    public const string Section = "Telemetry";

    /// <summary>Machines this gateway accepts telemetry for; anything else is rejected as an unknown machine.</summary>
    public List<string> Machines { get; set; } = [];

    /// <summary>Length of a summary window.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Readings whose absolute value exceeds this are rejected as out of range (a NaN never passes).</summary>
    public double MaxAbsoluteValue { get; set; } = 1e9;

    /// <summary>Capacity of the in-memory hand-off between sources and windows.</summary>
    [Range(16, 10_000_000)]
    public int ChannelCapacity { get; set; } = TelemetryChannel.DefaultCapacity;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Window < TimeSpan.FromSeconds(1) || Window > TimeSpan.FromHours(24))
        {
            yield return new ValidationResult("Telemetry:Window must be between 00:00:01 and 1.00:00:00.", [nameof(Window)]);
        }

        foreach (var machine in Machines)
        {
            if (!Contracts.SafeLabel.IsValid(machine, out var reason))
            {
                yield return new ValidationResult($"Telemetry:Machines contains '{machine}': {reason}.", [nameof(Machines)]);
            }
        }
    }
}
