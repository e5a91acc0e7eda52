using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Edge.StoreForward.Uplink;

/// <summary>Loads the uplink's certificates and verifies the broker's certificate against the configured authority.</summary>
internal static class UplinkTls
{
    /// <summary>
    /// True when the broker's certificate chains to <paramref name="authority"/> (or, without one, when the platform
    /// accepted it) and names the host. Never accepts an unverified broker.
    /// </summary>
    public static bool Verify(X509Certificate? presented, SslPolicyErrors errors, X509Certificate2? authority)
    {
        if (presented is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
        {
            return false;
        }

        if (authority is null)
        {
            return errors == SslPolicyErrors.None;
        }

        using var certificate = new X509Certificate2(presented);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        // A private CA on an offline plant network publishes no revocation lists.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    public static X509Certificate2? LoadAuthority(UplinkOptions options) =>
        string.IsNullOrEmpty(options.CaCertificatePath) ? null : X509CertificateLoader.LoadCertificateFromFile(options.CaCertificatePath);

    public static X509Certificate2? LoadClientCertificate(UplinkOptions options)
    {
        if (string.IsNullOrEmpty(options.ClientCertificatePath))
        {
            return null;
        }

        var extension = Path.GetExtension(options.ClientCertificatePath);
        if (extension.Equals(".pfx", StringComparison.OrdinalIgnoreCase) || extension.Equals(".p12", StringComparison.OrdinalIgnoreCase))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(options.ClientCertificatePath, options.ClientCertificatePassword);
        }

        // SslStream on Linux wants a key it can export to OpenSSL: round-trip the PEM pair through PKCS#12.
        using var pem = X509Certificate2.CreateFromPemFile(options.ClientCertificatePath, options.ClientKeyPath);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}
