using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Edge.Ingest.Telemetry;
using MQTTnet;
using MQTTnet.Protocol;

namespace Edge.Ingest.Tests.Fleet;

public sealed class TlsListenerTests
{
    [Fact]
    public async Task Publish_OverTls12_AcceptedAndOlderTlsRefused()
    {
        var folder = Path.Combine(Path.GetTempPath(), "edge-tls-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var pfx = Path.Combine(folder, "broker.pfx");
        string thumbprint;
        using (var key = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            thumbprint = certificate.GetCertHashString();
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "test"));
        }

        var tlsPort = FleetTestGateway.FreePort();
        await using var gateway = await FleetTestGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Broker:TlsPort"] = tlsPort.ToString(CultureInfo.InvariantCulture),
            ["Broker:TlsCertificatePath"] = pfx,
            ["Broker:TlsCertificatePassword"] = "test",
        }, folder);
        using var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", tlsPort)
            .WithClientId("press-01")
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithTlsOptions(tls => tls
                .UseTls()
                .WithSslProtocols(SslProtocols.Tls12)
                .WithCertificateValidationHandler(context => context.Certificate?.GetCertHashString() == thumbprint))
            .Build();

        var connect = await client.ConnectAsync(options);
        var ack = await client.PublishStringAsync("devices/press-01/telemetry", Payloads.Single(1, 1), MqttQualityOfServiceLevel.AtLeastOnce);

        Assert.Equal(MqttClientConnectResultCode.Success, connect.ResultCode);
        Assert.Equal(MqttClientPublishReasonCode.Success, ack.ReasonCode);
        Assert.Equal(2, gateway.Get<TelemetryMetrics>().Readings);

        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", tlsPort);
        await using var ssl = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) => certificate?.GetCertHashString() == thumbprint);
#pragma warning disable SYSLIB0039, CA5397 // TLS 1.1 on purpose: the broker must refuse it.
        var legacy = SslProtocols.Tls11;
#pragma warning restore SYSLIB0039, CA5397
        await Assert.ThrowsAnyAsync<Exception>(() => ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = legacy,
        }));

        // Bound to 127.0.0.1 only: MQTTnet's TLS listener would also take [::] unless told not to.
        using var v6 = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
        var refused = await Assert.ThrowsAsync<SocketException>(() => v6.ConnectAsync(new System.Net.IPEndPoint(System.Net.IPAddress.IPv6Loopback, tlsPort)));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }
}
