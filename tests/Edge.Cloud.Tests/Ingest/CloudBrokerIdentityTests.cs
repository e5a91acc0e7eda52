using System.Globalization;
using System.Text.Json;
using Edge.Cloud.Access;
using Edge.Cloud.Ingest;
using Edge.Cloud.Storage;
using Edge.Cloud.Tests.Infrastructure;
using Edge.Contracts;
using Edge.TestKit;
using Microsoft.Extensions.DependencyInjection;
using static Edge.Cloud.Tests.Infrastructure.CloudFiles;
using static Edge.Cloud.Tests.Infrastructure.Envelopes;

namespace Edge.Cloud.Tests.Ingest;

/// <summary>
/// The embedded broker with its production default (<c>Cloud:RequireGatewayLogin=true</c>), attacked with mosquitto_pub,
/// a client nobody here wrote: no login, a wrong token, gateway A on gateway B's topic or with B's client id, and a
/// record forged to name B on A's own topic. Each is refused and nothing of it is stored; B's sequences stay B's.
/// </summary>
[Trait("Needs", "mosquitto")]
public sealed class CloudBrokerIdentityTests
{
    private static readonly Dictionary<string, string?> s_secure = new() { ["Cloud:RequireGatewayLogin"] = "true" };

    [NeedsFact("mosquitto_pub")]
    public async Task MosquittoPub_Attacker_RefusedAndNothingStored()
    {
        await using var cloud = await CloudApp.StartAsync(s_secure);
        var tokenA = await AddGatewayAsync(cloud, "gw-a");
        await AddGatewayAsync(cloud, "gw-b");
        var port = BrokerPort(cloud);

        var anonymous = await PubAsync(port, null, null, "edge-gateway-gw-b", "edge/v1/gw-b/machine-summary", SummaryJson("gw-b", 1));
        var wrongToken = await PubAsync(port, "gw-b", "edge_guessed", "edge-gateway-gw-b", "edge/v1/gw-b/machine-summary", SummaryJson("gw-b", 2));
        var otherTopic = await PubAsync(port, "gw-a", tokenA, "edge-gateway-gw-a", "edge/v1/gw-b/machine-summary", SummaryJson("gw-b", 3));
        var otherClientId = await PubAsync(port, "gw-a", tokenA, "edge-gateway-gw-b", "edge/v1/gw-a/machine-summary", SummaryJson("gw-a", 4));
        var forged = await PubAsync(port, "gw-a", tokenA, "edge-gateway-gw-a", "edge/v1/gw-a/machine-summary", SummaryJson("gw-b", 1000));
        var forgedBatch = await PubAsync(port, "gw-a", tokenA, "edge-gateway-gw-a", "edge/v1/gw-a/batch",
            UplinkPublisher.BatchBytes("gw-b", [Wrap("gw-b", 1001, Summary("m-1", Start, 60))]));

        Assert.NotEqual(0, anonymous.ExitCode);
        Assert.Contains("Bad User Name or Password", anonymous.Output, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(0, wrongToken.ExitCode);
        Assert.Contains("Bad User Name or Password", wrongToken.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("not authorized", otherTopic.Output, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(0, otherClientId.ExitCode);
        Assert.True(forged.ExitCode == 0, forged.Output);
        Assert.True(forgedBatch.ExitCode == 0, forgedBatch.Output);
        var metrics = cloud.Services.GetRequiredService<IngestMetrics>();
        Assert.Equal(3, metrics.RefusedConnections);
        Assert.Equal(1, metrics.UnauthorizedPublishes);
        Assert.Equal(2, metrics.Forged);
        Assert.Equal(0, metrics.Stored);
        var store = cloud.Services.GetRequiredService<ICloudStore>();
        Assert.Equal(0, await store.CountRecordsAsync(default));
        Assert.Empty(await store.GetGatewaysAsync(default));

        // gw-b's own sequence 1000 (the one forged above) is stored as new, not dropped as a duplicate.
        var real = await PubAsync(port, "gw-b", await AddGatewayAsync(cloud, "gw-b"), "edge-gateway-gw-b", "edge/v1/gw-b/machine-summary", SummaryJson("gw-b", 1000));
        Assert.True(real.ExitCode == 0, real.Output);
        Assert.True(IsStored(Database(cloud), "gw-b", 1000));
        Assert.Equal(1, metrics.Stored);
        Assert.Equal(0, metrics.Duplicates);
    }

    [NeedsFact("mosquitto_pub")]
    public async Task AdminGatewaysAdd_PrintedToken_LogsInToTheBrokerOnce()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"edge-admin-gateway-{Guid.NewGuid():N}");
        using var output = new StringWriter();
        var exit = await Edge.Cloud.Hosting.AdminCommand.RunAsync(["admin", "gateways", "add", "gw-a", $"--Cloud:DataDirectory={folder}"], output, default);
        var token = System.Text.RegularExpressions.Regex.Match(output.ToString(), @"Token \(shown once[^)]*\): (\S+)").Groups[1].Value;
        await using var cloud = await CloudApp.StartAsync(s_secure, folder);

        var published = await PubAsync(BrokerPort(cloud), "gw-a", token, "edge-gateway-gw-a", "edge/v1/gw-a/machine-summary", SummaryJson("gw-a", 1));
        var asAnotherGateway = await PubAsync(BrokerPort(cloud), "gw-b", token, "edge-gateway-gw-b", "edge/v1/gw-b/machine-summary", SummaryJson("gw-b", 1));

        Assert.Equal(0, exit);
        Assert.StartsWith("edge_", token, StringComparison.Ordinal);
        Assert.True(published.ExitCode == 0, published.Output);
        Assert.Contains("Bad User Name or Password", asAnotherGateway.Output, StringComparison.OrdinalIgnoreCase);
        Assert.True(IsStored(Database(cloud), "gw-a", 1));
        Assert.False(IsStored(Database(cloud), "gw-b", 1));
    }

    [NeedsFact("mosquitto_pub")]
    public async Task MosquittoPub_GatewayOnItsOwnTopic_Stored()
    {
        await using var cloud = await CloudApp.StartAsync(s_secure);
        var token = await AddGatewayAsync(cloud, "gw-a");

        var single = await PubAsync(BrokerPort(cloud), "gw-a", token, "edge-gateway-gw-a", "edge/v1/gw-a/machine-summary", SummaryJson("gw-a", 1));
        var bareClientId = await PubAsync(BrokerPort(cloud), "gw-a", token, "gw-a", "edge/v1/gw-a/batch",
            UplinkPublisher.BatchBytes("gw-a", [Wrap("gw-a", 2, Summary("m-1", Start.AddMinutes(1), 61)), Wrap("gw-a", 3, Summary("m-1", Start.AddMinutes(2), 62))]));

        Assert.True(single.ExitCode == 0, single.Output);
        Assert.True(bareClientId.ExitCode == 0, bareClientId.Output);
        Assert.Equal(3, await cloud.Services.GetRequiredService<ICloudStore>().CountRecordsAsync(default));
    }

    [NeedsFact("mosquitto_pub")]
    public async Task MosquittoPub_RepeatedWrongTokens_AddressThrottledEvenWithTheRightToken()
    {
        await using var cloud = await CloudApp.StartAsync(s_secure);
        var token = await AddGatewayAsync(cloud, "gw-a");
        for (var i = 0; i < 10; i++)
        {
            var guess = await PubAsync(BrokerPort(cloud), "gw-a", $"edge_guess{i}", "gw-a", "edge/v1/gw-a/health", "{}"u8.ToArray());
            Assert.Contains("Bad User Name or Password", guess.Output, StringComparison.OrdinalIgnoreCase);
        }

        var right = await PubAsync(BrokerPort(cloud), "gw-a", token, "gw-a", "edge/v1/gw-a/machine-summary", SummaryJson("gw-a", 1));

        Assert.NotEqual(0, right.ExitCode);
        Assert.Contains("quota", right.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(11, cloud.Services.GetRequiredService<IngestMetrics>().RefusedConnections);
        Assert.Equal(0, await cloud.Services.GetRequiredService<ICloudStore>().CountRecordsAsync(default));
    }

    [NeedsFact("mosquitto_pub")]
    public async Task MosquittoPub_LoginNotRequired_AnonymousAcceptedButPresentedCredentialsStillChecked()
    {
        await using var cloud = await CloudApp.StartAsync();
        var token = await AddGatewayAsync(cloud, "gw-a");

        var anonymous = await PubAsync(BrokerPort(cloud), null, null, "trial", "edge/v1/gw-x/machine-summary", SummaryJson("gw-x", 1));
        var wrongToken = await PubAsync(BrokerPort(cloud), "gw-a", "edge_guess", "gw-a", "edge/v1/gw-a/machine-summary", SummaryJson("gw-a", 1));
        var otherTopic = await PubAsync(BrokerPort(cloud), "gw-a", token, "gw-a", "edge/v1/gw-x/machine-summary", SummaryJson("gw-x", 2));

        Assert.True(anonymous.ExitCode == 0, anonymous.Output);
        Assert.Contains("Bad User Name or Password", wrongToken.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("not authorized", otherTopic.Output, StringComparison.OrdinalIgnoreCase);
        Assert.True(IsStored(Database(cloud), "gw-x", 1));
        Assert.False(IsStored(Database(cloud), "gw-x", 2));
        Assert.False(IsStored(Database(cloud), "gw-a", 1));
    }

    internal static async Task<string> AddGatewayAsync(CloudApp cloud, string gatewayId) =>
        (await cloud.Services.GetRequiredService<GatewayAccounts>().AddAsync(gatewayId, "test", DateTimeOffset.UtcNow, default)).Token;

    internal static byte[] SummaryJson(string gatewayId, long sequence) =>
        JsonSerializer.SerializeToUtf8Bytes(Wrap(gatewayId, sequence, Summary("m-1", Start.AddMinutes(sequence), 60)), ContractsJsonContext.Default.UplinkEnvelope);

    /// <summary>One QoS 1 publish with MQTT 5 (so a refused PUBACK carries its reason), as an attacker's script would send it.</summary>
    internal static async Task<(int ExitCode, string Output)> PubAsync(
        int port, string? user, string? password, string clientId, string topic, byte[] payload, IEnumerable<string>? extra = null)
    {
        var file = Path.GetTempFileName();
        await File.WriteAllBytesAsync(file, payload);
        try
        {
            List<string> arguments = ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-V", "mqttv5", "-q", "1", "-i", clientId, "-t", topic, "-f", file];
            if (user is not null)
            {
                arguments.AddRange(["-u", user, "-P", password ?? string.Empty]);
            }

            arguments.AddRange(extra ?? []);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            return await ProcessRunner.RunForExitCodeAsync(Installed.Require("mosquitto_pub"), arguments, timeout.Token);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
