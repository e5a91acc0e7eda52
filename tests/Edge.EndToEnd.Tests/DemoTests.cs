using System.Net.Http.Json;
using System.Text.Json;
using Edge.Demo;
using Edge.Kernel;
using Edge.TestKit;

namespace Edge.EndToEnd.Tests;

public sealed class DemoTests
{
    [Fact]
    public async Task Demo_WithDefaults_TrainsOnPlantHistoryAndServesEverySimulatedMachineByTheModel()
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

            // A smaller history than the demo's default keeps the test's training short; the path is the same.
            HistoryMachines = 12,
            HistoryDays = 90,
            TrainingFolds = 2,
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
            Assert.All(machines.EnumerateArray(), machine => Assert.Equal(5, machine.GetProperty("latestMeans").EnumerateObject().Count()));
            Assert.Contains(options.CloudUrl, output.ToString(), StringComparison.Ordinal);
            var page = await http.GetStringAsync("/");
            Assert.Contains("<title>Edge dashboard</title>", page, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(directory, "history", "telemetry.csv")));
            Assert.Single(Directory.GetFiles(Path.Combine(directory, "gateway", "models"), "plant-*.zip"));

            // The trained model, not the anomaly fallback, scores the live machines, with a failure probability.
            using var gateway = new HttpClient { BaseAddress = new Uri(options.GatewayUrl) };
            var predictions = await Eventually.WaitAsync(
                async () => running.IsFaulted ? throw running.Exception! : await TryGetAsync(gateway, "/api/predictions"),
                json => json.ValueKind == JsonValueKind.Array && json.EnumerateArray().Any(p => p.GetProperty("source").GetString() != "anomaly-fallback"),
                TimeSpan.FromSeconds(60),
                "a prediction by the trained model");
            var modelPrediction = predictions.EnumerateArray().First(p => p.GetProperty("source").GetString() != "anomaly-fallback");
            Assert.InRange(modelPrediction.GetProperty("failureProbability").GetDouble(), 0, 1);

            var quality = await gateway.GetFromJsonAsync<JsonElement>("/api/demo/quality");
            Assert.Equal(options.Machines, quality.GetProperty("machines").GetInt32());
            Assert.True(quality.GetProperty("plantHours").GetDouble() > 0);

            // Every machine has a model: the anomaly fallback raises nothing.
            Assert.Equal(0, quality.GetProperty("anomalyAlerts").GetInt32());
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

    private static async Task<JsonElement> TryGetAsync(HttpClient http, string path = "/api/machines")
    {
        try
        {
            return await http.GetFromJsonAsync<JsonElement>(path);
        }
        catch (HttpRequestException)
        {
            return default;
        }
    }
}
