using System.ComponentModel.DataAnnotations;

namespace Edge.StoreForward.Uplink;

/// <summary>Section <c>Uplink</c>: the cloud's MQTT broker, how to reach it, who the gateway is to it, and how fast to drain.</summary>
public sealed class UplinkOptions : IValidatableObject
{
    public const string Section = "Uplink";

    [Required(ErrorMessage = "Uplink:Host is required (the cloud broker's host name).")]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535, ErrorMessage = "Uplink:Port must be a TCP port (1-65535).")]
    public int Port { get; set; } = 1884;

    /// <summary>User name at the broker; defaults to the gateway id (<c>Gateway:Id</c>) when only <see cref="Password"/> is set.</summary>
    public string? Username { get; set; }

    /// <summary>
    /// Password at the broker. For Edge's cloud broker (and a Mosquitto set up as docs/CLOUD.md says): the gateway's token
    /// printed by <c>Edge.Cloud admin add-gateway &lt;id&gt;</c>, the same secret as <c>CloudLink:Token</c>.
    /// </summary>
    public string? Password { get; set; }

    /// <summary>TLS to the broker. The broker's certificate is always verified: against <see cref="CaCertificatePath"/> when set, else the system's trust store.</summary>
    public bool UseTls { get; set; }

    /// <summary>PEM file of the certificate authority that signed the broker's certificate (a private CA).</summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>Host name expected in the broker's certificate; defaults to <see cref="Host"/>.</summary>
    public string? TlsServerName { get; set; }

    /// <summary>The gateway's client certificate: a PEM certificate (with <see cref="ClientKeyPath"/>) or a PKCS#12 (.pfx/.p12) file.</summary>
    public string? ClientCertificatePath { get; set; }

    public string? ClientKeyPath { get; set; }

    /// <summary>Password of a PKCS#12 client certificate.</summary>
    public string? ClientCertificatePassword { get; set; }

    /// <summary>
    /// Records leased per round. Unpaced, two rounds overlap, so up to twice this many records (in publishes of up to
    /// <see cref="RecordsPerPublish"/>) await their PUBACK.
    /// The cloud commits what arrives together in one transaction (an fsync), so the window must cover the rate times the
    /// commit latency: 500 (two rounds, about 1 MB of envelopes) keeps a drain going at tens of thousands of records a
    /// second with commits of several milliseconds, where 100 halved the records per commit and added page writes per record.
    /// </summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// Records packed into one QoS 1 publish (an <see cref="Edge.Contracts.UplinkBatch"/>) while draining; 1 sends each
    /// record on its own, as gateways before batching did. Each publish costs MQTTnet and the kernel tens of
    /// microseconds of CPU whatever its size; packing took about 20 us off each record on the gateway while draining.
    /// 10-20 drained fastest (16k-18k records/s against 13k-14k unbatched); 50 was slower than 10, with more kernel time
    /// in the cloud and more transactions in PostgreSQL. A publish never mixes priority classes, so an alert is not
    /// held behind summaries.
    /// </summary>
    [Range(1, Edge.Contracts.UplinkBatch.MaxRecords, ErrorMessage = "Uplink:RecordsPerPublish must be 1-1000 (1 turns batching off).")]
    public int RecordsPerPublish { get; set; } = 16;

    /// <summary>
    /// Byte cap of one batched publish; the batch is cut before a record would pass it (a single record larger than the
    /// cap travels alone). 16 KiB by default, far under the cloud's limit (<see cref="Edge.Contracts.UplinkBatch.MaxBytes"/>):
    /// large publishes drained slower (see <see cref="RecordsPerPublish"/>), and 16 machine summaries take about 10 KiB.
    /// </summary>
    [Range(4096, Edge.Contracts.UplinkBatch.MaxBytes, ErrorMessage = "Uplink:MaxPublishBytes must be 4096-1048576 (the cloud refuses larger batches).")]
    public int MaxPublishBytes { get; set; } = 16 * 1024;

    /// <summary>Most records sent per second while draining a backlog; 0 sends as fast as the broker acknowledges.</summary>
    [Range(0, 1_000_000)]
    public double DrainRatePerSecond { get; set; }

    /// <summary>How long a PUBACK may take before the connection is dropped and the records are resent on the next one.</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First reconnect delay; later ones follow decorrelated jitter up to <see cref="ReconnectCap"/>.</summary>
    public TimeSpan ReconnectBase { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan ReconnectCap { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A connection must last this long before the backoff starts again from <see cref="ReconnectBase"/>: a broker that
    /// accepts and then kicks the gateway is backed off like one that refuses.
    /// </summary>
    public TimeSpan StableConnection { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for new records before looking again when the outbox is empty.</summary>
    public TimeSpan IdlePoll { get; set; } = TimeSpan.FromSeconds(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ReconnectBase <= TimeSpan.Zero || ReconnectCap < ReconnectBase)
        {
            yield return new ValidationResult("Uplink:ReconnectBase must be positive and Uplink:ReconnectCap at least as long.", [nameof(ReconnectBase)]);
        }

        if (IdlePoll <= TimeSpan.Zero || AckTimeout <= TimeSpan.Zero || StableConnection < TimeSpan.Zero)
        {
            yield return new ValidationResult("Uplink:IdlePoll and Uplink:AckTimeout must be positive, Uplink:StableConnection not negative.", [nameof(IdlePoll)]);
        }

        foreach (var (name, path) in new[] { (nameof(CaCertificatePath), CaCertificatePath), (nameof(ClientCertificatePath), ClientCertificatePath), (nameof(ClientKeyPath), ClientKeyPath) })
        {
            if (!string.IsNullOrEmpty(path) && !File.Exists(path))
            {
                yield return new ValidationResult($"Uplink:{name} points to '{path}', which does not exist.", [name]);
            }
        }

        if (!UseTls && (CaCertificatePath is not null || ClientCertificatePath is not null))
        {
            yield return new ValidationResult("Uplink:CaCertificatePath and Uplink:ClientCertificatePath need Uplink:UseTls=true.", [nameof(UseTls)]);
        }
    }
}
