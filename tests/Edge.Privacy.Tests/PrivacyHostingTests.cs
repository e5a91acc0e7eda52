using System.Net.Http.Json;
using Edge.Gateway.Hosting;
using Edge.Kernel;
using Edge.Privacy;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Privacy.Tests;

public sealed class PrivacyHostingTests
{
    [Fact]
    public async Task GetApiPrivacy_RunningGateway_ServesTheTransparencyReport()
    {
        var folder = Directory.CreateTempSubdirectory("edge-privacy-host-").FullName;
        try
        {
            await using var app = GatewayHost.Build(
            [
                $"--Gateway:DataDirectory={folder}",
                "--Gateway:LocalWebUrl=http://127.0.0.1:0",
                $"--Broker:Port={FreeLoopbackPort()}",
                $"--Uplink:Port={FreeLoopbackPort()}",
                "--Privacy:StoreId=store-host",
                "--Privacy:Zones:0=entrance",
                "--Privacy:Zones:1=bakery",
                "--Privacy:SuppressBelow=3",
            ]);
            await app.StartAsync(TestContext.Cancellation);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var client = new HttpClient { BaseAddress = new Uri(address) };

            var report = await client.GetFromJsonAsync("/api/privacy", PrivacyJsonContext.Default.PrivacyReport, TestContext.Cancellation);

            Assert.NotNull(report);
            Assert.Equal("store-host", report.StoreId);
            Assert.Equal(3, report.SuppressBelow);
            Assert.Equal(2.0, report.EpsilonPerDay);
            Assert.Contains(report.OutboundTopics, t => t.Kind == "footfall-report");
            Assert.IsType<FootfallAccumulator>(app.Services.GetRequiredService<IZoneVisitSink>());
            Assert.True(File.Exists(Path.Combine(folder, "privacy.db")));
            await app.StopAsync(TestContext.Cancellation);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void PrivacyReportCommand_WithConfiguration_PrintsTheReportAsJson()
    {
        var folder = Directory.CreateTempSubdirectory("edge-privacy-cli-").FullName;
        try
        {
            using var output = new StringWriter();
            var exit = Edge.Tools.ToolsCommandLine.Create()
                .Parse(["privacy", "report", "--json", $"--Gateway:DataDirectory={folder}", "--Privacy:Zones:0=entrance", "--Privacy:EpsilonPerDay=1.5"])
                .Invoke(new System.CommandLine.InvocationConfiguration { Output = output });

            Assert.Equal(0, exit);
            var report = System.Text.Json.JsonSerializer.Deserialize(output.ToString(), PrivacyJsonContext.Default.PrivacyReport);
            Assert.NotNull(report);
            Assert.Equal(1.5, report.EpsilonPerDay);
            Assert.Equal(0, report.EpsilonSpentToday);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Validate_BadConfiguration_NamesTheKeyAndTheFix()
    {
        var options = new PrivacyOptions
        {
            Zones = ["entrance", "AA:BB:CC:DD:EE:FF"],
            EpsilonPerDay = 0,
            ReleasesPerDay = 40,
            DenyList = ["not-an-address"],
        };

        var result = new PrivacyOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("Privacy:Zones", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Privacy:EpsilonPerDay", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Privacy:ReleasesPerDay 40 exceeds the 12 windows", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Privacy:DenyList", StringComparison.Ordinal) && !f.Contains("not-an-address", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Defaults_Pass()
    {
        Assert.True(new PrivacyOptionsValidator().Validate(null, new PrivacyOptions()).Succeeded);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static class TestContext
    {
        public static CancellationToken Cancellation => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;
    }
}
