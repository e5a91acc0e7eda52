using System.ComponentModel.DataAnnotations;

namespace Edge.Ingest.Broker;

/// <summary>Section <c>Broker</c>: the embedded MQTT broker devices and scanners publish to.</summary>
public sealed class BrokerOptions
{
    public const string Section = "Broker";

    [Range(1, 65535, ErrorMessage = "Broker:Port must be a TCP port (1-65535).")]
    public int Port { get; set; } = 1883;

    /// <summary>Address to listen on: 127.0.0.1 for local devices only, 0.0.0.0 for the plant network.</summary>
    [Required]
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// Queue per subscribing client. MQTTnet's default (1,000, overwriting the oldest) silently loses QoS 1 messages for a
    /// slow subscriber; every overwrite is counted and logged as a warning.
    /// </summary>
    [Range(100, 10_000_000)]
    public int MaxPendingMessagesPerClient { get; set; } = 100_000;

    /// <summary>
    /// Devices must present credentials from the device registry (<c>devices add</c>) and are held to their topics.
    /// <c>run</c> defaults this to true; in-process hosts (tests, the demo) default to false.
    /// </summary>
    public bool RequireAuthentication { get; set; }

    /// <summary><c>Embedded</c>: host the broker. <c>External</c>: subscribe to an existing broker (see <c>External*</c>).</summary>
    public BrokerMode Mode { get; set; } = BrokerMode.Embedded;

    /// <summary>TLS listener port (8883 by convention); 0 turns it off. Needs <see cref="TlsCertificatePath"/>.</summary>
    [Range(0, 65535, ErrorMessage = "Broker:TlsPort must be 0 (off) or a TCP port.")]
    public int TlsPort { get; set; }

    /// <summary>PKCS#12 (.pfx) file with the broker's certificate and private key.</summary>
    public string TlsCertificatePath { get; set; } = string.Empty;

    public string TlsCertificatePassword { get; set; } = string.Empty;

    /// <summary>External mode: host name or address of the broker to subscribe to.</summary>
    public string ExternalHost { get; set; } = "127.0.0.1";

    [Range(1, 65535, ErrorMessage = "Broker:ExternalPort must be a TCP port (1-65535).")]
    public int ExternalPort { get; set; } = 1883;

    public string ExternalUserName { get; set; } = string.Empty;

    public string ExternalPassword { get; set; } = string.Empty;

    /// <summary>External mode: topic filters subscribed with QoS 1.</summary>
    public List<string> ExternalTopics { get; set; } = ["devices/+/telemetry", "spBv1.0/#"];
}
