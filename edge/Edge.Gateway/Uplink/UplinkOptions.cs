using System.ComponentModel.DataAnnotations;

namespace Edge.Gateway.Uplink;

/// <summary>Section <c>Uplink</c>: the cloud's MQTT broker and how to reach it.</summary>
public sealed class UplinkOptions : IValidatableObject
{
    public const string Section = "Uplink";

    [Required(ErrorMessage = "Uplink:Host is required (the cloud broker's host name).")]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535, ErrorMessage = "Uplink:Port must be a TCP port (1-65535).")]
    public int Port { get; set; } = 1884;

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Records published per round; each round's PUBACKs are awaited together (the in-flight window).</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>First reconnect delay; later ones follow decorrelated jitter up to <see cref="ReconnectCap"/>.</summary>
    public TimeSpan ReconnectBase { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectCap { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for new records before looking again when the outbox is empty.</summary>
    public TimeSpan IdlePoll { get; set; } = TimeSpan.FromSeconds(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ReconnectBase <= TimeSpan.Zero || ReconnectCap < ReconnectBase)
        {
            yield return new ValidationResult("Uplink:ReconnectBase must be positive and Uplink:ReconnectCap at least as long.", [nameof(ReconnectBase)]);
        }

        if (IdlePoll <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Uplink:IdlePoll must be positive.", [nameof(IdlePoll)]);
        }
    }
}
