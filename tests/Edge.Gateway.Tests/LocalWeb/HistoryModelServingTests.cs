using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Edge.Gateway.Hosting;
using Edge.Maintenance.History;
using Edge.Maintenance.Models;
using Edge.TestKit;
using Microsoft.Extensions.Configuration;
using MQTTnet;

namespace Edge.Gateway.Tests.LocalWeb;

/// <summary>
/// The whole path on the composed gateway: a history model in the models folder, telemetry over MQTT, windows at plant
/// time (<c>Maintenance:ClockScale</c>: one 1 s window is one plant hour), a prediction with failure probability and the
/// 90% interval of remaining life on <c>/api/predictions</c>, and no anomaly fallback for the machine.
/// </summary>
public sealed class HistoryModelServingTests
{
    private static readonly string[] s_sensors = ["temperature", "vibration"];

    [Fact]
    public async Task Telemetry_HistoryModelInModelsFolder_PredictionWithIntervalAndNoFallback()
    {
        var folder = Directory.CreateTempSubdirectory("edge-gw-history-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "models"));
        Train(Path.Combine(folder, "models", "plant.zip"));
        var (webPort, brokerPort) = (FreePort.Next(), FreePort.Next());
        var app = GatewayHost.Build([], configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Id"] = "history-test",
            ["Gateway:DataDirectory"] = folder,
            ["Gateway:LocalWebUrl"] = $"http://127.0.0.1:{webPort}",
            ["Broker:Port"] = brokerPort.ToString(CultureInfo.InvariantCulture),
            ["Uplink:Port"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Telemetry:Machines:0"] = "press-01",
            ["Telemetry:Window"] = "00:00:01",
            ["Maintenance:ClockScale"] = "3600",
        }));
        await using var _ = app;
        await app.StartAsync();
        using var device = new MqttClientFactory().CreateMqttClient();
        await device.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", brokerPort).WithClientId("press-01").Build());
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}") };

        var predictions = await Eventually.WaitAsync(
            async () =>
            {
                const string payload = """{"readings":{"temperature":61.0,"vibration":1.05}}""";
                await device.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("devices/press-01/telemetry").WithPayload(Encoding.UTF8.GetBytes(payload)).Build());
                return await http.GetFromJsonAsync<JsonElement>("/api/predictions");
            },
            p => p.EnumerateArray().Any(e => e.GetProperty("kind").GetString() == "history"),
            TimeSpan.FromSeconds(30),
            "a history-model prediction for press-01");

        var history = predictions.EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "history");
        Assert.Equal("press-01", history.GetProperty("machineId").GetString());
        Assert.InRange(history.GetProperty("failureProbability").GetDouble(), 0, 1);
        var life = history.GetProperty("predictedRemainingLife").GetDouble();
        Assert.InRange(life, history.GetProperty("remainingLifeLower").GetDouble(), history.GetProperty("remainingLifeUpper").GetDouble());
        Assert.DoesNotContain(predictions.EnumerateArray(), e => e.GetProperty("source").GetString() == "anomaly-fallback");
        await app.StopAsync();
    }

    /// <summary>A small model: machines whose vibration climbs over the last three days before each failure.</summary>
    private static void Train(string path)
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var machines = new List<MachineHistory>();
        var events = new List<MachineEvent>();
        for (var m = 0; m < 8; m++)
        {
            const int Hours = 1200;
            var (timestamps, rows) = (new DateTimeOffset[Hours], new double[Hours][]);
            var failAt = 150 + (m * 23);
            for (var h = 0; h < Hours; h++)
            {
                if (h == failAt)
                {
                    events.Add(new MachineEvent(start.AddHours(h), "m" + m, MachineEventKinds.Failure, "bearing"));
                    failAt = h + 170 + ((m * 31 + h) % 120);
                }

                var wear = failAt - h < 72 ? Math.Pow((72 - (failAt - h)) / 72.0, 2) : 0;
                timestamps[h] = start.AddHours(h);
                rows[h] = [60 + (5 * wear) + Math.Cos(h * 0.3), 1.0 + (3 * wear) + (Math.Sin((h * 1.7) + m) * 0.05)];
            }

            machines.Add(new MachineHistory("m" + m, timestamps, rows));
        }

        events.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        new HistoryTrainer(TimeProvider.System).Train(new HistoryData(s_sensors, machines, events), new HistoryTrainingOptions
        {
            Folds = 2,
            MaximumTrainingRows = 5000,
            Candidates = [new TreeHyperparameters(Trees: 20, Leaves: 8, LearningRate: 0.2, MinimumExamplesPerLeaf: 10, FeatureFraction: 1.0)],
        }, path);
    }
}
