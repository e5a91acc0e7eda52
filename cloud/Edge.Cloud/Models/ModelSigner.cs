using System.Security.Cryptography;
using Edge.Cloud.Kernel;
using Microsoft.Extensions.Options;

namespace Edge.Cloud.Models;

/// <summary>
/// The cloud's model signing key: ECDSA P-256, signatures over the exact file bytes with SHA-256 in IEEE P1363 format
/// (64 bytes, r then s), base64. Gateways pin <see cref="PublicKeyPem"/> and refuse a file whose signature fails.
/// The private key is a PKCS#8 PEM file readable by its owner only; it is created on first start when missing.
/// </summary>
public sealed class ModelSigner : IDisposable
{
    private readonly ECDsa _key;

    public ModelSigner(IOptions<ModelsOptions> options, IOptions<CloudOptions> cloud)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(cloud);
        var dataDirectory = Path.GetFullPath(cloud.Value.DataDirectory, Directory.GetCurrentDirectory());
        KeyPath = Path.GetFullPath(options.Value.SigningKeyPath, dataDirectory);
        _key = LoadOrCreate(KeyPath);
        PublicKeyPem = _key.ExportSubjectPublicKeyInfoPem();
    }

    public string KeyPath { get; }

    /// <summary>The public key as a SubjectPublicKeyInfo PEM (<c>-----BEGIN PUBLIC KEY-----</c>).</summary>
    public string PublicKeyPem { get; }

    public string Sign(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(_key.SignData(bytes, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

    /// <summary>What a gateway does: true when <paramref name="signature"/> is the key's signature over exactly <paramref name="bytes"/>.</summary>
    public static bool Verify(string publicKeyPem, ReadOnlySpan<byte> bytes, string signature)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(publicKeyPem);
        Span<byte> raw = stackalloc byte[128];
        return Convert.TryFromBase64String(signature, raw, out var written)
            && key.VerifyData(bytes, raw[..written], HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    public void Dispose() => _key.Dispose();

    private static ECDsa LoadOrCreate(string path)
    {
        var key = ECDsa.Create();
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var pem = fresh.ExportPkcs8PrivateKeyPem();
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                // Created with owner-only permissions, never widened afterwards: there is no moment it is world-readable.
                create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, create);
                writer.Write(pem);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another replica created it first: use theirs, so that every replica signs with the same key.
            }
        }

        key.ImportFromPem(File.ReadAllText(path));
        if (key.KeySize != 256)
        {
            throw new InvalidOperationException($"Models:SigningKeyPath '{path}' holds a {key.KeySize}-bit key; the model signing key must be ECDSA P-256. Delete it to have a new one created.");
        }

        return key;
    }
}
