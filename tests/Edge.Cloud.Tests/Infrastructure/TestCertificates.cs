using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Edge.Cloud.Tests.Infrastructure;

/// <summary>
/// A private certificate authority made for one test and a broker certificate it signed for <c>localhost</c> and
/// 127.0.0.1, written as the brokers want them: <c>ca.pem</c> (for clients: Uplink:CaCertificatePath, mosquitto_pub
/// --cafile), <c>broker.pfx</c> (Cloud:BrokerTlsCertificatePath) and <c>broker.pem</c> + <c>broker.key</c> (Mosquitto).
/// </summary>
internal sealed class TestCertificates
{
    public const string PfxPassword = "test";

    private TestCertificates(string folder)
    {
        CaPath = Path.Combine(folder, "ca.pem");
        BrokerPfxPath = Path.Combine(folder, "broker.pfx");
        BrokerPemPath = Path.Combine(folder, "broker.pem");
        BrokerKeyPath = Path.Combine(folder, "broker.key");
    }

    public string CaPath { get; }

    public string BrokerPfxPath { get; }

    public string BrokerPemPath { get; }

    public string BrokerKeyPath { get; }

    public static TestCertificates Create(string folder)
    {
        Directory.CreateDirectory(folder);
        var files = new TestCertificates(folder);
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Edge test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        using var brokerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", brokerKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var signed = request.Create(ca, now.AddDays(-1), now.AddDays(30), RandomNumberGenerator.GetBytes(8));
        using var broker = signed.CopyWithPrivateKey(brokerKey);

        File.WriteAllText(files.CaPath, ca.ExportCertificatePem());
        File.WriteAllBytes(files.BrokerPfxPath, broker.Export(X509ContentType.Pfx, PfxPassword));
        File.WriteAllText(files.BrokerPemPath, broker.ExportCertificatePem());
        File.WriteAllText(files.BrokerKeyPath, brokerKey.ExportPkcs8PrivateKeyPem());
        return files;
    }
}
