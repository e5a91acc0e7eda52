using System.Security.Cryptography;
using Edge.Kernel;
using Microsoft.Extensions.Options;

namespace Edge.Maintenance.Serving.CloudLink;

/// <summary>
/// The cloud's model files on the gateway's disk (<c>&lt;data dir&gt;/cloud-models/&lt;sha256&gt;.zip</c>), each checked
/// against its assignment's SHA-256 and the pinned key's signature before it is written and again before it is read,
/// so a file changed on disk is refused like a tampered download.
/// </summary>
public sealed class CloudModelFiles : IDisposable
{
    private readonly ECDsa? _publicKey;

    public CloudModelFiles(IOptions<CloudLinkOptions> options, IOptions<GatewayOptions> gateway)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory = Path.Combine(DataDirectory.Resolve(gateway), "cloud-models");
        if (options.Value.Enabled && !string.IsNullOrWhiteSpace(options.Value.ModelPublicKey))
        {
            _publicKey = ModelSignature.LoadPublicKey(options.Value.ModelPublicKey);
        }
    }

    public string Directory { get; }

    /// <summary>Null when <paramref name="file"/> is what the cloud signed for <paramref name="assignment"/>; otherwise why not.</summary>
    public string? Check(ReadOnlySpan<byte> file, CloudModelAssignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        return _publicKey is null ? "no CloudLink:ModelPublicKey pinned" : ModelSignature.Check(file, assignment.Sha256, assignment.Signature, _publicKey);
    }

    /// <summary>The stored file of <paramref name="assignment"/> if it is there and still passes <see cref="Check"/>.</summary>
    public string? Verified(CloudModelAssignment assignment)
    {
        var path = PathOf(assignment);
        return File.Exists(path) && Check(File.ReadAllBytes(path), assignment) is null ? path : null;
    }

    /// <summary>Writes a checked file (to a temporary name, then renamed: a half-written file is never taken for a model).</summary>
    public string Save(CloudModelAssignment assignment, byte[] file)
    {
        ArgumentNullException.ThrowIfNull(file);
        System.IO.Directory.CreateDirectory(Directory);
        var path = PathOf(assignment);
        var temporary = path + ".partial";
        File.WriteAllBytes(temporary, file);
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    public string PathOf(CloudModelAssignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        // Named by content, not by the version text the cloud sends (no path from the network reaches the file system).
        var name = string.IsNullOrWhiteSpace(assignment.Sha256) || !assignment.Sha256.All(char.IsAsciiHexDigit)
            ? Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(assignment.Version)))
            : assignment.Sha256.ToLowerInvariant();
        return Path.Combine(Directory, name + ".zip");
    }

    public void Dispose() => _publicKey?.Dispose();
}
