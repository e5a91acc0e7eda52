using System.CommandLine;

namespace Edge.LoadHarness;

/// <summary><c>e2e-footfall</c>: OpenMQTTGateway sightings through Mosquitto and through the Edge gateway, side by side.</summary>
internal static class FootfallCommand
{
    public static Command Create()
    {
        var scanners = new Option<int>("--scanners") { Description = "Publishing OpenMQTTGateway scanners, one connection each.", DefaultValueFactory = _ => 20 };
        var sightings = new Option<int>("--sightings") { Description = "Sightings in the measured run (all scanners together).", DefaultValueFactory = _ => 200_000 };
        var devices = new Option<int>("--devices") { Description = "Phones in the store (distinct addresses).", DefaultValueFactory = _ => 2_000 };
        var warmup = new Option<int>("--warmup") { Description = "Sightings sent before measuring.", DefaultValueFactory = _ => 20_000 };
        var inFlight = new Option<int>("--in-flight") { Description = "Unacknowledged QoS 1 messages allowed per scanner.", DefaultValueFactory = _ => 32 };
        var targets = new Option<string>("--targets") { Description = "Comma-separated: mosquitto, edge.", DefaultValueFactory = _ => "mosquitto,edge" };
        var timeout = new Option<int>("--timeout-seconds") { Description = "Give up on a target whose consumer has not caught up by then.", DefaultValueFactory = _ => 180 };
        var gatewayDll = new Option<string?>("--gateway-dll") { Description = "Edge.Gateway.dll to start (default: the build beside this harness)." };
        var command = new Command("e2e-footfall", "Publish the same QoS 1 BLE sighting stream (OpenMQTTGateway format) through Mosquitto and the Edge gateway; print the side-by-side table.")
        {
            scanners, sightings, devices, warmup, inFlight, targets, timeout, gatewayDll,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new RunOptions(
                parseResult.GetValue(scanners),
                parseResult.GetValue(sightings),
                parseResult.GetValue(warmup),
                parseResult.GetValue(inFlight),
                [.. parseResult.GetValue(targets)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
                TimeSpan.FromSeconds(parseResult.GetValue(timeout)),
                parseResult.GetValue(gatewayDll));
            return await FootfallRun.RunAsync(options, parseResult.GetValue(devices), Console.Out, cancellationToken);
        });
        return command;
    }
}
