using System.CommandLine;

namespace Edge.LoadHarness;

/// <summary><c>e2e-site</c>: telemetry from the machines and sightings from the scanners through one Edge gateway at once.</summary>
internal static class SiteCommand
{
    public static Command Create()
    {
        var machines = new Option<int>("--machines") { Description = "Publishing machines, one connection each.", DefaultValueFactory = _ => 1_000 };
        var messages = new Option<int>("--messages") { Description = "Telemetry messages in the measured run (all machines together).", DefaultValueFactory = _ => 500_000 };
        var warmup = new Option<int>("--warmup") { Description = "Telemetry messages sent before measuring.", DefaultValueFactory = _ => 100_000 };
        var scanners = new Option<int>("--scanners") { Description = "Publishing OpenMQTTGateway scanners, one connection each.", DefaultValueFactory = _ => 20 };
        var devices = new Option<int>("--devices") { Description = "Phones in the store (distinct addresses), all heard during the warm-up.", DefaultValueFactory = _ => 20_000 };
        var sightings = new Option<int>("--sightings") { Description = "Sightings in the measured run (all scanners together).", DefaultValueFactory = _ => 200_000 };
        var warmupSightings = new Option<int>("--warmup-sightings") { Description = "Sightings sent before measuring (enough for every phone to be heard).", DefaultValueFactory = _ => 100_000 };
        var inFlight = new Option<int>("--in-flight") { Description = "Unacknowledged QoS 1 messages allowed per client.", DefaultValueFactory = _ => 32 };
        var timeout = new Option<int>("--timeout-seconds") { Description = "Give up when the gateway has not caught up by then.", DefaultValueFactory = _ => 180 };
        var gatewayDll = new Option<string?>("--gateway-dll") { Description = "Edge.Gateway.dll to start, or the Edge.Gateway executable of a self-contained publish." };
        var command = new Command("e2e-site", "A plant and a store on one Edge gateway: machines' telemetry and scanners' sightings at the same time; prints the gateway's figures, peak RSS included.")
        {
            machines, messages, warmup, scanners, devices, sightings, warmupSightings, inFlight, timeout, gatewayDll,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new RunOptions(
                parseResult.GetValue(machines),
                parseResult.GetValue(messages),
                parseResult.GetValue(warmup),
                parseResult.GetValue(inFlight),
                ["edge"],
                TimeSpan.FromSeconds(parseResult.GetValue(timeout)),
                parseResult.GetValue(gatewayDll));
            var footfall = new SiteRun.FootfallLoad(
                parseResult.GetValue(scanners), parseResult.GetValue(devices), parseResult.GetValue(sightings), parseResult.GetValue(warmupSightings));
            return await SiteRun.RunAsync(options, footfall, Console.Out, cancellationToken);
        });
        return command;
    }
}
