using System.ComponentModel.DataAnnotations;

namespace Edge.Ingest.Fleet;

/// <summary>Section <c>Fleet</c>: device identities, per-client limits and what happens to refused messages.</summary>
public sealed class FleetOptions : IValidatableObject
{
    public const string Section = "Fleet";

    /// <summary>Device registry (ids and hashed secrets) in the gateway data folder, written by <c>devices add/revoke</c>.</summary>
    public string RegistryFileName { get; set; } = "devices.json";

    /// <summary>Per-device activity (last seen, messages, rejections) the running gateway writes for <c>devices list</c>.</summary>
    public string ActivityFileName { get; set; } = "device-activity.json";

    /// <summary>How often the running gateway looks for registry changes (revocations) and saves the activity file.</summary>
    public TimeSpan RegistryPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the activity file is rewritten while devices are active (it lives on the Pi's SD card).</summary>
    public TimeSpan ActivitySaveInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest payload a device may publish; bigger ones are refused and counted as too large.</summary>
    [Range(64, 16 * 1024 * 1024)]
    public int MaxPayloadBytes { get; set; } = 256 * 1024;

    /// <summary>Sustained publish rate per client (token bucket refill), messages per second.</summary>
    [Range(1, 1_000_000)]
    public double MessagesPerSecond { get; set; } = 500;

    /// <summary>Burst a client may publish above its sustained rate.</summary>
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 1000;

    /// <summary>
    /// Sustained publish rate of a device configured as a BLE scanner (<c>Footfall:Scanners</c>). A scanner publishes one
    /// message per advertisement it hears: a few hundred phones advertising several times a second is a busy store's
    /// normal load, not a misbehaving device, so scanners get their own, higher limit.
    /// </summary>
    [Range(1, 1_000_000)]
    public double ScannerMessagesPerSecond { get; set; } = 5_000;

    /// <summary>Burst a scanner may publish above <see cref="ScannerMessagesPerSecond"/>.</summary>
    [Range(1, 1_000_000)]
    public int ScannerBurst { get; set; } = 10_000;

    /// <summary>
    /// Devices held to the scanner rate (a device id, or its <c>&lt;id&gt;-suffix</c> client ids). The beacons capability adds
    /// every scanner of <c>Footfall:Scanners</c>, so fleet ingest need not know about footfall.
    /// </summary>
    public HashSet<string> ScannerDevices { get; } = new(StringComparer.Ordinal);

    /// <summary>A client refused this many times in a row for its rate is disconnected.</summary>
    [Range(1, 1_000_000)]
    public int DisconnectAfterRateLimited { get; set; } = 200;

    /// <summary>Optional topic refused payloads are republished to (with the device and reason as user properties); empty: off.</summary>
    public string DeadLetterTopic { get; set; } = string.Empty;

    /// <summary>At most one rejection log line per device per this interval.</summary>
    public TimeSpan RejectionLogInterval { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[] { (nameof(RegistryFileName), RegistryFileName), (nameof(ActivityFileName), ActivityFileName) })
        {
            if (string.IsNullOrWhiteSpace(value) || value.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            {
                yield return new ValidationResult($"Fleet:{name} must be a plain file name such as devices.json.", [name]);
            }
        }

        if (RegistryPollInterval < TimeSpan.FromMilliseconds(50) || RegistryPollInterval > TimeSpan.FromMinutes(10))
        {
            yield return new ValidationResult("Fleet:RegistryPollInterval must be between 00:00:00.050 and 00:10:00.", [nameof(RegistryPollInterval)]);
        }

        if (DeadLetterTopic.Length > 0 && (DeadLetterTopic.Contains('+', StringComparison.Ordinal) || DeadLetterTopic.Contains('#', StringComparison.Ordinal)
            || DeadLetterTopic.StartsWith("devices/", StringComparison.Ordinal) || DeadLetterTopic.StartsWith("spBv1.0/", StringComparison.Ordinal)))
        {
            yield return new ValidationResult(
                "Fleet:DeadLetterTopic must be a plain topic outside devices/ and spBv1.0/, for example edge/dead-letter.", [nameof(DeadLetterTopic)]);
        }
    }
}
