using System.ComponentModel.DataAnnotations;

namespace Edge.Kernel;

/// <summary>Section <c>Gateway</c>: who this gateway is and where it keeps its state.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Identity of this gateway towards the cloud (a label such as <c>plant-lyon-1</c>).</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", ErrorMessage = "Gateway:Id must be 1-64 letters, digits, '.', '_' or '-'.")]
    public string Id { get; set; } = "gateway-1";

    /// <summary>Folder for the outbox and other state. Relative paths resolve against the current directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "edge-data";

    /// <summary>Local web and status API, for example <c>http://127.0.0.1:8081</c>.</summary>
    [Required]
    [Url(ErrorMessage = "Gateway:LocalWebUrl must be an absolute URL such as http://127.0.0.1:8081.")]
    public string LocalWebUrl { get; set; } = "http://127.0.0.1:8081";
}
