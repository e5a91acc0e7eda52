namespace Edge.Cloud.Ingest;

/// <summary>Section <c>Ingest</c>: where gateway records come from.</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    public const string Embedded = "Embedded";
    public const string External = "External";

    /// <summary>
    /// <c>Embedded</c> (default): gateways publish to this process's own MQTT broker (<c>Cloud:BrokerPort</c>).
    /// <c>External</c>: this process is one of N stateless ingest workers sharing a subscription on an external broker cluster.
    /// </summary>
    public string Mode { get; set; } = Embedded;

    public string BrokerHost { get; set; } = "127.0.0.1";

    public int BrokerPort { get; set; } = 1883;

    /// <summary>MQTT 5 shared-subscription group: the broker gives each message to one worker of the group.</summary>
    public string SharedGroup { get; set; } = "edge-ingest";

    /// <summary>Stable per worker (its persistent session keeps unacknowledged messages across a restart). Defaults to the host name.</summary>
    public string? ClientId { get; set; }

    /// <summary>This worker's account at the broker (with Mosquitto: a line of its <c>password_file</c>, read access in its <c>acl_file</c>).</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>TLS to the broker. Its certificate is always verified: against <see cref="CaCertificatePath"/> when set, else the system's trust store.</summary>
    public bool UseTls { get; set; }

    /// <summary>PEM file of the certificate authority that signed the broker's certificate (a private CA).</summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>Host name expected in the broker's certificate; defaults to <see cref="BrokerHost"/>.</summary>
    public string? TlsServerName { get; set; }

    /// <summary>How long the broker keeps a disconnected worker's session (and its unacknowledged messages).</summary>
    public TimeSpan SessionExpiry { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Most unacknowledged messages the broker may send this worker at once (MQTT 5 Receive Maximum).</summary>
    public int ReceiveMaximum { get; set; } = 1000;

    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The subscription: every version, gateway and kind, shared within <see cref="SharedGroup"/>.</summary>
    public string TopicFilter => $"$share/{SharedGroup}/{Edge.Contracts.UplinkTopics.AllGateways}";
}
