using System.CommandLine;
using System.Text.Json;
using Edge.Simulator.Plant;

namespace Edge.Demo;

internal static class DemoCommandLine
{
    public static RootCommand Create()
    {
        var defaults = new DemoOptions();
        var data = new Option<string>("--data") { Description = "Folder for all demo state (a new folder starts clean).", DefaultValueFactory = _ => defaults.DataDirectory };
        var machines = new Option<int>("--machines") { Description = "Simulated machines.", DefaultValueFactory = _ => defaults.Machines };
        var window = new Option<TimeSpan>("--window") { Description = "Summary window (hh:mm:ss); one window is one plant hour.", DefaultValueFactory = _ => defaults.Window };
        var cloudUrl = new Option<string>("--cloud-url") { Description = "Cloud web, API and dashboard.", DefaultValueFactory = _ => defaults.CloudUrl };
        var cloudBroker = new Option<int>("--cloud-broker-port") { Description = "Cloud MQTT broker port.", DefaultValueFactory = _ => defaults.CloudBrokerPort };
        var gatewayBroker = new Option<int>("--gateway-broker-port") { Description = "Gateway MQTT broker port.", DefaultValueFactory = _ => defaults.GatewayBrokerPort };
        var gatewayUrl = new Option<string>("--gateway-url") { Description = "Gateway local web and status API.", DefaultValueFactory = _ => defaults.GatewayUrl };
        var plantSeed = new Option<int>("--plant-seed") { Description = "Seed of the live machines.", DefaultValueFactory = _ => defaults.PlantSeed };
        var historySeed = new Option<int>("--history-seed") { Description = "Seed of the generated history (other machines than the live ones).", DefaultValueFactory = _ => defaults.HistorySeed };
        var historyMachines = new Option<int>("--history-machines") { Description = "Machines in the generated history.", DefaultValueFactory = _ => defaults.HistoryMachines };
        var historyDays = new Option<int>("--history-days") { Description = "Days of generated history.", DefaultValueFactory = _ => defaults.HistoryDays };
        var writeHistory = new Option<string?>("--write-history") { Description = "Only write the generated history (telemetry.csv, events.csv, machines.csv) into this folder, then exit." };
        var evaluatePlant = new Option<string?>("--evaluate-plant") { Description = "Only run the held-out benchmark (train on plant seed 1, 100 machines x 365 days; score plant seed 1001, 30 other machines x 180 days) in this folder; prints JSON, then exits." };

        var root = new RootCommand("Edge demo: cloud + gateway + simulated plant on loopback. Ctrl+C stops it.")
        {
            data, machines, window, cloudUrl, cloudBroker, gatewayBroker, gatewayUrl, plantSeed, historySeed, historyMachines, historyDays,
            writeHistory, evaluatePlant,
        };
        root.SetAction(async (parseResult, cancellationToken) =>
        {
            if (parseResult.GetValue(writeHistory) is { } historyFolder)
            {
                var history = PlantHistoryGenerator.Generate(new PlantHistoryOptions
                {
                    Machines = parseResult.GetValue(historyMachines),
                    Days = parseResult.GetValue(historyDays),
                    Seed = parseResult.GetValue(historySeed),
                });
                var files = PlantHistoryGenerator.Write(history, historyFolder);
                Console.WriteLine($"{history.Rows.Count} rows, {history.Events.Count} events ({history.Failures.Count()} failures): {files.Telemetry}, {files.Events}, {files.Machines}");
                return 0;
            }

            if (parseResult.GetValue(evaluatePlant) is { } benchmarkFolder)
            {
                var result = PlantBenchmark.Run(new PlantBenchmarkOptions(), benchmarkFolder, Console.Out);
                Console.WriteLine(JsonSerializer.Serialize(result, DemoJsonContext.Default.PlantBenchmarkResult));
                return 0;
            }

            var options = new DemoOptions
            {
                DataDirectory = parseResult.GetValue(data)!,
                Machines = parseResult.GetValue(machines),
                Window = parseResult.GetValue(window),
                CloudUrl = parseResult.GetValue(cloudUrl)!,
                CloudBrokerPort = parseResult.GetValue(cloudBroker),
                GatewayBrokerPort = parseResult.GetValue(gatewayBroker),
                GatewayUrl = parseResult.GetValue(gatewayUrl)!,
                PlantSeed = parseResult.GetValue(plantSeed),
                HistorySeed = parseResult.GetValue(historySeed),
                HistoryMachines = parseResult.GetValue(historyMachines),
                HistoryDays = parseResult.GetValue(historyDays),
            };
            await using var demo = new DemoRunner(options, Console.Out);
            await demo.RunAsync(cancellationToken);
            return 0;
        });
        return root;
    }
}
