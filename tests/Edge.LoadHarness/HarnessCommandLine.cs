using System.CommandLine;

namespace Edge.LoadHarness;

/// <summary>The harness's command line: <c>e2e</c> runs the side-by-side load test.</summary>
internal static class HarnessCommandLine
{
    public static RootCommand Create()
    {
        var machines = new Option<int>("--machines") { Description = "Publishing clients, one machine each.", DefaultValueFactory = _ => 100 };
        var messages = new Option<int>("--messages") { Description = "Messages in the measured run (all clients together).", DefaultValueFactory = _ => 200_000 };
        var warmup = new Option<int>("--warmup") { Description = "Messages sent before measuring (JIT, connections, caches).", DefaultValueFactory = _ => 20_000 };
        var inFlight = new Option<int>("--in-flight") { Description = "Unacknowledged QoS 1 messages allowed per client.", DefaultValueFactory = _ => 32 };
        var targets = new Option<string>("--targets") { Description = "Comma-separated: mosquitto, edge, nodered.", DefaultValueFactory = _ => "mosquitto,edge,nodered" };
        var timeout = new Option<int>("--timeout-seconds") { Description = "Give up on a target whose consumer has not caught up by then.", DefaultValueFactory = _ => 180 };
        var gatewayDll = new Option<string?>("--gateway-dll") { Description = "Edge.Gateway.dll to start, or the Edge.Gateway executable of a self-contained publish (default: the build beside this harness); for before/after comparisons." };
        var command = new Command("e2e", "Publish the same QoS 1 JSON stream through each target and print the side-by-side table.")
        {
            machines, messages, warmup, inFlight, targets, timeout, gatewayDll,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new RunOptions(
                parseResult.GetValue(machines),
                parseResult.GetValue(messages),
                parseResult.GetValue(warmup),
                parseResult.GetValue(inFlight),
                [.. parseResult.GetValue(targets)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
                TimeSpan.FromSeconds(parseResult.GetValue(timeout)),
                parseResult.GetValue(gatewayDll));
            return await EndToEndRun.RunAsync(options, Console.Out, cancellationToken);
        });
        return new RootCommand("Edge load harness: Mosquitto, Edge and Node-RED side by side.") { command, DrainCommand.Create(), MachineMemoryCommand.Create(), FootfallCommand.Create(), SiteCommand.Create() };
    }
}
