using System.ComponentModel.DataAnnotations;

namespace Edge.Cloud.Kernel;

/// <summary>
/// Section <c>Cloud</c>, read by several folders: the host (web URL), storage (data folder) and ingest (embedded broker);
/// access binds its own keys in the same section. It lives at the bottom so that none of them needs the host for it.
/// </summary>
public sealed class CloudOptions : IValidatableObject
{
    public const string Section = "Cloud";

    /// <summary>Folder for the SQLite store. Relative paths resolve against the current directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "cloud-data";

    /// <summary>Web, API and dashboard.</summary>
    [Required]
    [Url(ErrorMessage = "Cloud:WebUrl must be an absolute URL such as http://127.0.0.1:8080.")]
    public string WebUrl { get; set; } = "http://127.0.0.1:8080";

    /// <summary>Plain TCP port of the embedded MQTT broker gateways publish to; 0 turns the plain listener off (TLS only).</summary>
    [Range(0, 65535, ErrorMessage = "Cloud:BrokerPort must be 0 (no plain listener) or a TCP port (1-65535).")]
    public int BrokerPort { get; set; } = 1884;

    [Required]
    public string BrokerBindAddress { get; set; } = "127.0.0.1";

    /// <summary>TLS port of the embedded broker (8883 by convention); 0 (default) turns it off. Needs <see cref="BrokerTlsCertificatePath"/>.</summary>
    [Range(0, 65535, ErrorMessage = "Cloud:BrokerTlsPort must be 0 (off) or a TCP port (1-65535).")]
    public int BrokerTlsPort { get; set; }

    /// <summary>PKCS#12 (.pfx) file with the broker's certificate and private key, as the fleet broker's <c>Broker:TlsCertificatePath</c>.</summary>
    public string BrokerTlsCertificatePath { get; set; } = string.Empty;

    public string BrokerTlsCertificatePassword { get; set; } = string.Empty;

    /// <summary>
    /// True (default): the embedded broker accepts a connection only with user name = a gateway id and password = a token
    /// of that gateway's account (<c>admin add-gateway</c>), and the gateway may publish only under its own topics.
    /// False (a trial on one machine, tests of other capabilities): anonymous connections are accepted too; credentials
    /// that are presented are still checked, and a logged-in gateway is still held to its own topics.
    /// </summary>
    public bool RequireGatewayLogin { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (BrokerTlsPort > 0 && !File.Exists(BrokerTlsCertificatePath))
        {
            yield return new ValidationResult(
                "Cloud:BrokerTlsPort is set but Cloud:BrokerTlsCertificatePath does not name an existing .pfx file: set it or set Cloud:BrokerTlsPort to 0.",
                [nameof(BrokerTlsCertificatePath)]);
        }

        if (BrokerPort == 0 && BrokerTlsPort == 0)
        {
            yield return new ValidationResult("Cloud:BrokerPort is 0 and Cloud:BrokerTlsPort is off: set one of them, or gateways cannot connect.", [nameof(BrokerPort)]);
        }

        if (BrokerPort != 0 && BrokerPort == BrokerTlsPort)
        {
            yield return new ValidationResult("Cloud:BrokerTlsPort must differ from Cloud:BrokerPort.", [nameof(BrokerTlsPort)]);
        }
    }
}
