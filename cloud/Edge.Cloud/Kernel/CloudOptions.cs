using System.ComponentModel.DataAnnotations;

namespace Edge.Cloud.Kernel;

/// <summary>
/// Section <c>Cloud</c>, read by several folders: the host (web URL), storage (data folder) and ingest (embedded broker);
/// access binds its own keys in the same section. It lives at the bottom so that none of them needs the host for it.
/// </summary>
public sealed class CloudOptions
{
    public const string Section = "Cloud";

    /// <summary>Folder for the SQLite store. Relative paths resolve against the current directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "cloud-data";

    /// <summary>Web, API and dashboard.</summary>
    [Required]
    [Url(ErrorMessage = "Cloud:WebUrl must be an absolute URL such as http://127.0.0.1:8080.")]
    public string WebUrl { get; set; } = "http://127.0.0.1:8080";

    /// <summary>Port of the embedded MQTT broker gateways publish to.</summary>
    [Range(1, 65535, ErrorMessage = "Cloud:BrokerPort must be a TCP port (1-65535).")]
    public int BrokerPort { get; set; } = 1884;

    [Required]
    public string BrokerBindAddress { get; set; } = "127.0.0.1";
}
