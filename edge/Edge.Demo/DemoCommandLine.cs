using System.CommandLine;
using Edge.Kernel;

namespace Edge.Demo;

internal static class DemoCommandLine
{
    public static RootCommand Create()
    {
        var defaults = new DemoOptions();
        var data = new Option<string>("--data") { Description = "Folder for all demo state (a new folder starts clean).", DefaultValueFactory = _ => defaults.DataDirectory };
        var machines = new Option<int>("--machines") { Description = "Simulated machines.", DefaultValueFactory = _ => defaults.Machines };
        var window = new Option<TimeSpan>("--window") { Description = "Summary window (hh:mm:ss).", DefaultValueFactory = _ => defaults.Window };
        var cloudUrl = new Option<string>("--cloud-url") { Description = "Cloud web, API and dashboard.", DefaultValueFactory = _ => defaults.CloudUrl };
        var cloudBroker = new Option<int>("--cloud-broker-port") { Description = "Cloud MQTT broker port.", DefaultValueFactory = _ => defaults.CloudBrokerPort };
        var gatewayBroker = new Option<int>("--gateway-broker-port") { Description = "Gateway MQTT broker port.", DefaultValueFactory = _ => defaults.GatewayBrokerPort };
        var gatewayUrl = new Option<string>("--gateway-url") { Description = "Gateway local web and status API.", DefaultValueFactory = _ => defaults.GatewayUrl };

        var root = new RootCommand("Edge demo: cloud + gateway + simulated plant on loopback. Ctrl+C stops it.")
        {
            data, machines, window, cloudUrl, cloudBroker, gatewayBroker, gatewayUrl,
        };
        root.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new DemoOptions
            {
                DataDirectory = parseResult.GetValue(data)!,
                Machines = parseResult.GetValue(machines),
                Window = parseResult.GetValue(window),
                CloudUrl = parseResult.GetValue(cloudUrl)!,
                CloudBrokerPort = parseResult.GetValue(cloudBroker),
                GatewayBrokerPort = parseResult.GetValue(gatewayBroker),
                GatewayUrl = parseResult.GetValue(gatewayUrl)!,
            };
            await using var demo = new DemoRunner(options, Console.Out);
            await demo.RunAsync(cancellationToken);
            return 0;
        });
        return root;
    }
}
