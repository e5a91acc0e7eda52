using System.ComponentModel.DataAnnotations;

namespace Edge.Gateway.Broker;

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
}
