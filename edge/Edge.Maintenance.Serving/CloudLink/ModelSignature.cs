using System.Security.Cryptography;

namespace Edge.Maintenance.Serving.CloudLink;

/// <summary>
/// Checks a downloaded model file against what the cloud said about it: its SHA-256 and an ECDSA P-256 signature over
/// the exact bytes (SHA-256, IEEE P1363 format, base64) made with the cloud's key, whose public half the gateway pins.
/// </summary>
public static class ModelSignature
{
    /// <summary>Null when the file is the one the cloud signed; otherwise why it is refused.</summary>
    public static string? Check(ReadOnlySpan<byte> file, string? sha256Hex, string? signatureBase64, ECDsa publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        if (string.IsNullOrWhiteSpace(signatureBase64))
        {
            return "unsigned";
        }

        if (!string.IsNullOrWhiteSpace(sha256Hex))
        {
            var actual = Convert.ToHexStringLower(SHA256.HashData(file));
            if (!string.Equals(actual, sha256Hex.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return "sha256 mismatch";
            }
        }

        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(signatureBase64.Trim());
        }
        catch (FormatException)
        {
            return "signature is not base64";
        }

        return publicKey.VerifyData(file, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            ? null
            : "bad signature";
    }

    /// <summary>The pinned key from PEM text, or from the file whose path is given.</summary>
    public static ECDsa LoadPublicKey(string pemOrPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pemOrPath);
        var pem = pemOrPath.Contains("-----BEGIN", StringComparison.Ordinal) ? pemOrPath : File.ReadAllText(pemOrPath);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            if (key.KeySize != 256)
            {
                throw new CryptographicException("the key is not on curve P-256");
            }

            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
