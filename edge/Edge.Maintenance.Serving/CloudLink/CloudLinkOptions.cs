using System.ComponentModel.DataAnnotations;

namespace Edge.Maintenance.Serving.CloudLink;

/// <summary>
/// Section <c>CloudLink</c>: the gateway's outbound link to the cloud for models and machine events. The gateway only
/// dials out. Without a <see cref="BaseUrl"/> the link is off and the gateway serves its local models folder only.
/// </summary>
public sealed class CloudLinkOptions : IValidatableObject
{
    public const string Section = "CloudLink";

    /// <summary>The cloud's base address, for example <c>https://cloud.example.com/</c>; empty = no cloud link.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Bearer token of the gateway's account (role <c>gateway</c>, printed once by <c>Edge.Cloud admin add-gateway</c>).</summary>
    public string? Token { get; set; }

    /// <summary>The cloud's model-signing public key (SubjectPublicKeyInfo PEM), as PEM text or the path of a PEM file.</summary>
    public string? ModelPublicKey { get; set; }

    /// <summary>How often the gateway asks the cloud for its model assignments and new machine events.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest model file the gateway downloads.</summary>
    [Range(1024, 1L << 31)]
    public long MaxModelBytes { get; set; } = 256L << 20;

    public bool Enabled => !string.IsNullOrWhiteSpace(BaseUrl);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PollInterval < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult("CloudLink:PollInterval must be at least 00:00:01.", [nameof(PollInterval)]);
        }

        if (!Enabled)
        {
            yield break;
        }

        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            yield return new ValidationResult("CloudLink:BaseUrl must be an absolute http(s) address, for example https://cloud.example.com/.", [nameof(BaseUrl)]);
        }

        if (string.IsNullOrWhiteSpace(Token))
        {
            yield return new ValidationResult("CloudLink:Token is required when CloudLink:BaseUrl is set (create it with `Edge.Cloud admin add-gateway <gatewayId>`).", [nameof(Token)]);
        }

        string? keyError = null;
        if (string.IsNullOrWhiteSpace(ModelPublicKey))
        {
            keyError = "CloudLink:ModelPublicKey is required when CloudLink:BaseUrl is set: the PEM from `Edge.Cloud admin model-public-key`, or the path of a file holding it.";
        }
        else
        {
            try
            {
                using var key = ModelSignature.LoadPublicKey(ModelPublicKey);
            }
            catch (Exception exception) when (exception is ArgumentException or IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                keyError = "CloudLink:ModelPublicKey is not an ECDSA P-256 public key in PEM form (text or file path): " + exception.Message;
            }
        }

        if (keyError is not null)
        {
            yield return new ValidationResult(keyError, [nameof(ModelPublicKey)]);
        }
    }
}
