using System.Net.Http.Json;
using System.Text.Json;
using Edge.Demo;
using Edge.Kernel;
using Edge.TestKit;

namespace Edge.EndToEnd.Tests;

public sealed class DemoTests
{
    [Fact]
    public async Task Demo_WithDefaults_ServesEverySimulatedMachineWithinAMinute()
    {
        var directory = Directory.CreateTempSubdirectory("edge-demo-").FullName;
        var cloudPort = FreePort.Next();
        var options = new DemoOptions
        {
            DataDirectory = directory,
            CloudUrl = $"http://127.0.0.1:{cloudPort}",
            CloudBrokerPort = FreePort.Next(),
            GatewayBrokerPort = FreePort.Next(),
            GatewayUrl = $"http://127.0.0.1:{FreePort.Next()}",
        };
        using var output = new StringWriter();
        using var stop = new CancellationTokenSource();
        var demo = new DemoRunner(options, output);
        var running = demo.RunAsync(stop.Token);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(options.CloudUrl) };
            var machines = await Eventually.WaitAsync(
                async () => running.IsFaulted ? throw running.Exception! : await TryGetAsync(http),
                json => json.ValueKind == JsonValueKind.Array && json.GetArrayLength() == options.Machines,
                TimeSpan.FromSeconds(60),
                "every simulated machine has a summary in the cloud");
            Assert.All(machines.EnumerateArray(), machine => Assert.Equal(4, machine.GetProperty("latestMeans").EnumerateObject().Count()));
            Assert.Contains(options.CloudUrl, output.ToString(), StringComparison.Ordinal);
            var page = await http.GetStringAsync("/");
            Assert.Contains("<title>Edge dashboard</title>", page, StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
            await running;
            await demo.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<JsonElement> TryGetAsync(HttpClient http)
    {
        try
        {
            return await http.GetFromJsonAsync<JsonElement>("/api/machines");
        }
        catch (HttpRequestException)
        {
            return default;
        }
    }
}
