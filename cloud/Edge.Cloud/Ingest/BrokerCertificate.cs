using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Edge.Cloud.Ingest;

/// <summary>How an ingest worker checks an external broker's TLS certificate: never accepts an unverified broker.</summary>
internal static class BrokerCertificate
{
    public static X509Certificate2? LoadAuthority(string? caCertificatePath) =>
        string.IsNullOrEmpty(caCertificatePath) ? null : X509CertificateLoader.LoadCertificateFromFile(caCertificatePath);

    /// <summary>
    /// True when the certificate names the host and chains to <paramref name="authority"/> (a private CA), or, without
    /// one, when the platform's trust store accepted it.
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
        // A private CA publishes no revocation lists.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
