using System.Diagnostics;
using System.Globalization;
using Edge.Cloud.Ingest;
using Edge.Cloud.Storage;
using Edge.Cloud.Tests.Infrastructure;
using Edge.TestKit;
using Microsoft.Extensions.DependencyInjection;
using static Edge.Cloud.Tests.Ingest.CloudBrokerIdentityTests;

namespace Edge.Cloud.Tests.Ingest;

/// <summary>The embedded broker TLS-only (<c>Cloud:BrokerPort=0</c>), certificate from a CA made for the test.</summary>
[Trait("Needs", "mosquitto")]
public sealed class CloudBrokerTlsTests
{
    [NeedsFact("mosquitto_pub", "openssl")]
    public async Task MosquittoPub_TlsOnlyBroker_StoresOverTlsAndRefusesTls11UntrustedAndPlainText()
    {
        var folder = Directory.CreateTempSubdirectory("edge-cloud-tls-").FullName;
        var certificates = TestCertificates.Create(folder);
        var tlsPort = FreePort.Next();
        await using var cloud = await CloudApp.StartAsync(new Dictionary<string, string?>
        {
            ["Cloud:RequireGatewayLogin"] = "true",
            ["Cloud:BrokerPort"] = "0",
            ["Cloud:BrokerTlsPort"] = tlsPort.ToString(CultureInfo.InvariantCulture),
            ["Cloud:BrokerTlsCertificatePath"] = certificates.BrokerPfxPath,
            ["Cloud:BrokerTlsCertificatePassword"] = TestCertificates.PfxPassword,
        }, folder);
        var token = await AddGatewayAsync(cloud, "gw-a");

        var overTls = await PubAsync(tlsPort, "gw-a", token, "gw-a", "edge/v1/gw-a/machine-summary", SummaryJson("gw-a", 1), ["--cafile", certificates.CaPath]);
        var wrongCa = TestCertificates.Create(Path.Combine(folder, "other-ca"));
        var untrusted = await PubAsync(tlsPort, "gw-a", token, "gw-a", "edge/v1/gw-a/machine-summary", SummaryJson("gw-a", 2), ["--cafile", wrongCa.CaPath]);
        // OpenSSL's own client, its security level lowered so that the refusal can only be the broker's.
        var tls11 = await HandshakeAsync(tlsPort, "-tls1_1", certificates.CaPath);
        var tls12 = await HandshakeAsync(tlsPort, "-tls1_2", certificates.CaPath);
        var plainOnTlsPort = await PubAsync(tlsPort, "gw-a", token, "gw-a", "edge/v1/gw-a/machine-summary", SummaryJson("gw-a", 3));

        Assert.True(overTls.ExitCode == 0, overTls.Output);
        Assert.NotEqual(0, untrusted.ExitCode);
        Assert.True(tls11.ExitCode != 0, tls11.Output);
        Assert.True(tls12.ExitCode == 0, tls12.Output);
        Assert.NotEqual(0, plainOnTlsPort.ExitCode);
        Assert.Equal(1, await cloud.Services.GetRequiredService<ICloudStore>().CountRecordsAsync(default));
        Assert.Equal(0, cloud.Services.GetRequiredService<CloudBroker>().Port);
    }

    private static async Task<(int ExitCode, string Output)> HandshakeAsync(int port, string version, string caPath)
    {
        var start = new ProcessStartInfo(Installed.Require("openssl"))
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var argument in new[] { "s_client", "-connect", $"127.0.0.1:{port}", version, "-cipher", "DEFAULT@SECLEVEL=0", "-CAfile", caPath, "-verify_return_error", "-brief" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
