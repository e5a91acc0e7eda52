using System.ComponentModel.DataAnnotations;
using Edge.Hardware.Emulation;
using Edge.Hardware.Sensors;
using Edge.Hardware.StackLight;

namespace Edge.Sensing;

/// <summary>Section <c>Hardware</c>: the sensors wired to this Pi, and whether they are real or simulated.</summary>
public sealed class HardwareOptions : IValidatableObject
{
    public const string Section = "Hardware";

    public HardwareMode Mode { get; set; } = HardwareMode.Simulated;

    /// <summary>The configured sensors; none means sensing is idle.</summary>
    public List<SensorSettings> Sensors { get; set; } = [];

    public SimulationSettings Simulation { get; set; } = new();

    public StackLightSettings StackLight { get; set; } = new();

    /// <summary>First delay before a failing or missing sensor is tried again; doubled per failure up to <see cref="RetryMaximum"/>.</summary>
    public TimeSpan RetryInitial { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaximum { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enum.IsDefined(Mode))
        {
            yield return new ValidationResult("Hardware:Mode must be Simulated or Real.", [nameof(Mode)]);
        }

        if (RetryInitial <= TimeSpan.Zero || RetryMaximum < RetryInitial)
        {
            yield return new ValidationResult(
                "Hardware:RetryInitial must be positive and Hardware:RetryMaximum at least as long.", [nameof(RetryInitial)]);
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Sensors.Count; i++)
        {
            var key = $"{Section}:{nameof(Sensors)}:{i}";
            var sensor = Sensors[i];
            foreach (var error in SensorSettingsValidator.Validate(sensor, key))
            {
                yield return new ValidationResult(error, [nameof(Sensors)]);
            }

            if (!string.IsNullOrEmpty(sensor.MachineId) && !Contracts.SafeLabel.IsValid(sensor.MachineId, out var reason))
            {
                yield return new ValidationResult($"{key}:MachineId '{sensor.MachineId}': {reason}.", [nameof(Sensors)]);
            }

            if (!string.IsNullOrEmpty(sensor.Name) && !Contracts.SafeLabel.IsValid(sensor.Name, out reason))
            {
                yield return new ValidationResult($"{key}:Name '{sensor.Name}': {reason}.", [nameof(Sensors)]);
            }

            if (!names.Add($"{sensor.MachineId}/{sensor.Name}"))
            {
                yield return new ValidationResult(
                    $"{key}:Name '{sensor.Name}' is used twice for machine '{sensor.MachineId}'; sensor names must be unique per machine.",
                    [nameof(Sensors)]);
            }
        }

        foreach (var clash in Sensors
            .Where(s => s.Kind is SensorKind.DigitalInput or SensorKind.PulseCounter)
            .GroupBy(s => s.Pin)
            .Where(g => g.Count() > 1))
        {
            yield return new ValidationResult($"{Section}:{nameof(Sensors)}: GPIO {clash.Key} is configured for more than one input.", [nameof(Sensors)]);
        }
    }
}
