using System.Globalization;
using Edge.Cloud.Ingest;
using Edge.Cloud.Storage;
using Edge.Cloud.Tests.Infrastructure;
using Edge.TestKit;
using Microsoft.Extensions.DependencyInjection;
using static Edge.Cloud.Tests.Ingest.CloudBrokerIdentityTests;

namespace Edge.Cloud.Tests.Ingest;

/// <summary>
/// External-broker mode as docs/CLOUD.md sets it up: a real Mosquitto, TLS only, with the repository's ACL
/// (<c>cloud/mosquitto/acl</c>) and a password file holding each gateway's token; an ingest worker logged in over TLS.
/// mosquitto_pub plays the attacker.
/// </summary>
[Trait("Needs", "mosquitto")]
public sealed class MosquittoAclIngestTests
{
    [NeedsFact("mosquitto", "mosquitto_passwd", "mosquitto_pub")]
    public async Task MosquittoWithEdgeAcl_Attacker_RefusedAndOnlyTheGatewaysOwnRecordStored()
    {
        var folder = Directory.CreateTempSubdirectory("edge-mosquitto-acl-").FullName;
        var certificates = TestCertificates.Create(Path.Combine(folder, "certificates"));
        var port = FreePort.Next();
        await using var worker = await CloudApp.StartAsync(new Dictionary<string, string?>
        {
            ["Ingest:Mode"] = "External",
            ["Ingest:BrokerPort"] = port.ToString(CultureInfo.InvariantCulture),
            ["Ingest:ClientId"] = "worker-tls",
            ["Ingest:ReconnectDelay"] = "00:00:00.200",
            ["Ingest:Username"] = "edge-ingest",
            ["Ingest:Password"] = "ingest-secret",
            ["Ingest:UseTls"] = "true",
            ["Ingest:CaCertificatePath"] = certificates.CaPath,
            ["Ingest:TlsServerName"] = "localhost",
        }, folder);
        var tokenA = await AddGatewayAsync(worker, "gw-a");
        var passwords = Path.Combine(folder, "passwd");
        var mosquittoPasswd = Installed.Require("mosquitto_passwd");
        await ProcessRunner.RunAsync(mosquittoPasswd, ["-c", "-b", passwords, "edge-ingest", "ingest-secret"]);
        await ProcessRunner.RunAsync(mosquittoPasswd, ["-b", passwords, "gw-a", tokenA]);
        await ProcessRunner.RunAsync(mosquittoPasswd, ["-b", passwords, "gw-b", await AddGatewayAsync(worker, "gw-b")]);
        var acl = Path.Combine(RepositoryPaths.Root, "cloud", "mosquitto", "acl");
        await using var broker = await MosquittoBroker.StartAsync(port, Path.Combine(folder, "mosquitto"), $"""
            allow_anonymous false
            password_file {passwords}
            acl_file {acl}
            certfile {certificates.BrokerPemPath}
            keyfile {certificates.BrokerKeyPath}
            """);
        await Eventually.WaitAsync(() => worker.Services.GetRequiredService<ExternalIngestClient>().IsSubscribed, TimeSpan.FromSeconds(20), "the worker subscribes over TLS");
        string[] tls = ["--cafile", certificates.CaPath];

        var anonymous = await PubAsync(port, null, null, "anyone", "edge/v1/gw-b/machine-summary", SummaryJson("gw-b", 1), tls);
        var wrongToken = await PubAsync(port, "gw-b", "edge_guessed", "gw-b", "edge/v1/gw-b/machine-summary", SummaryJson("gw-b", 2), tls);
        var plainText = await PubAsync(port, "gw-a", tokenA, "gw-a", "edge/v1/gw-a/machine-summary", SummaryJson("gw-a", 3));
        var otherTopic = await PubAsync(port, "gw-a", tokenA, "gw-a", "edge/v1/gw-b/machine-summary", SummaryJson("gw-b", 4), tls);
        var forged = await PubAsync(port, "gw-a", tokenA, "gw-a", "edge/v1/gw-a/machine-summary", SummaryJson("gw-b", 5), tls);
        var own = await PubAsync(port, "gw-a", tokenA, "gw-a", "edge/v1/gw-a/machine-summary", SummaryJson("gw-a", 6), tls);

        Assert.Contains("not authori", anonymous.Output, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(0, anonymous.ExitCode);
        Assert.NotEqual(0, wrongToken.ExitCode);
        Assert.NotEqual(0, plainText.ExitCode);
        Assert.True(forged.ExitCode == 0, forged.Output);
        Assert.True(own.ExitCode == 0, own.Output);
        var metrics = worker.Services.GetRequiredService<IngestMetrics>();
        // The worker saw the forged record and the gateway's own one, never the publish on gw-b's topic (Mosquitto's ACL dropped it).
        await Eventually.WaitAsync(() => metrics.Stored + metrics.Rejected == 2, TimeSpan.FromSeconds(20), "the worker processed two records");
        Assert.Equal(2, metrics.Received);
        Assert.Equal(1, metrics.Forged);
        Assert.Equal(1, await worker.Services.GetRequiredService<ICloudStore>().CountRecordsAsync(default));
        Assert.Equal(["gw-a"], (await worker.Services.GetRequiredService<ICloudStore>().GetGatewaysAsync(default)).Select(g => g.GatewayId));
        Assert.True(otherTopic.ExitCode == 0 || otherTopic.Output.Contains("not authori", StringComparison.OrdinalIgnoreCase), otherTopic.Output);
    }
}
