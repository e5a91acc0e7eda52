using System.Security.Cryptography;
using Edge.Maintenance.Serving.CloudLink;

namespace Edge.Maintenance.Serving.Tests.CloudLink;

public sealed class ModelSignatureTests
{
    private static readonly byte[] s_file = [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7))];

    [Fact]
    public void Check_SignedByPinnedKey_Accepts()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (sha, signature) = Sign(key, s_file);
        Assert.Null(ModelSignature.Check(s_file, sha, signature, key));
    }

    [Fact]
    public void Check_TamperedUnsignedOrWrongKey_Refuses()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (sha, signature) = Sign(key, s_file);
        var tampered = s_file.ToArray();
        tampered[100] ^= 1;
        var (otherSha, otherSignature) = Sign(other, s_file);

        Assert.Equal("sha256 mismatch", ModelSignature.Check(tampered, sha, signature, key));
        Assert.Equal("bad signature", ModelSignature.Check(tampered, null, signature, key));
        Assert.Equal("unsigned", ModelSignature.Check(s_file, sha, null, key));
        Assert.Equal("bad signature", ModelSignature.Check(s_file, otherSha, otherSignature, key));
        Assert.Equal("signature is not base64", ModelSignature.Check(s_file, sha, "***", key));
    }

    [Fact]
    public void LoadPublicKey_PemTextOrFile_LoadsTheSameKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = key.ExportSubjectPublicKeyInfoPem();
        var path = Path.Combine(Directory.CreateTempSubdirectory("edge-key-").FullName, "cloud.pem");
        File.WriteAllText(path, pem);
        var (sha, signature) = Sign(key, s_file);

        using var fromText = ModelSignature.LoadPublicKey(pem);
        using var fromFile = ModelSignature.LoadPublicKey(path);

        Assert.Null(ModelSignature.Check(s_file, sha, signature, fromText));
        Assert.Null(ModelSignature.Check(s_file, sha, signature, fromFile));
    }

    [Fact]
    public void Validate_EnabledWithoutKeyOrToken_NamesTheKeys()
    {
        var options = new CloudLinkOptions { BaseUrl = "https://cloud.example.com/" };
        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Select(e => e.ErrorMessage).ToList();
        Assert.Contains(errors, e => e!.Contains("CloudLink:Token", StringComparison.Ordinal));
        Assert.Contains(errors, e => e!.Contains("CloudLink:ModelPublicKey", StringComparison.Ordinal));
        Assert.Empty(new CloudLinkOptions().Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)));
    }

    private static (string Sha, string Signature) Sign(ECDsa key, byte[] file) =>
        (Convert.ToHexStringLower(SHA256.HashData(file)), Convert.ToBase64String(key.SignData(file, HashAlgorithmName.SHA256)));
}
