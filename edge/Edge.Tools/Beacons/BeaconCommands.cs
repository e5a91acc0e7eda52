using System.CommandLine;
using Edge.Tools.Beacons;

namespace Edge.Tools.Beacons;

/// <summary><c>beacons</c>: operator tools for BLE scanners (decode a frame, measure the footfall path).</summary>
internal static class BeaconCommands
{
    public static Command Create()
    {
        var beacons = new Command("beacons", "BLE beacon tools: decode frames, measure the footfall path.");

        var decode = new Command(
            "decode",
            "Read JSON lines {\"hex\":\"...\",\"layer\":\"ad|hci|manufacturer\"} from standard input and print one decoded JSON line each. Prints raw identifiers: for operators debugging a scanner.");
        decode.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var output = Console.OpenStandardOutput();
            return await BeaconDecodeTool.RunAsync(Console.In, output, cancellationToken);
        });
        beacons.Subcommands.Add(decode);

        var devices = new Option<int>("--devices") { Description = "Phones in the store at once.", DefaultValueFactory = _ => 2000 };
        var rounds = new Option<int>("--rounds") { Description = "Simulated seconds (each device is heard by two scanners per second).", DefaultValueFactory = _ => 60 };
        var threads = new Option<int>("--threads") { Description = "Ingest threads (the broker hands publishes over on several).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var growth = new Option<string?>("--growth") { Description = "Instead: memory and CPU per tracked device at these device counts, e.g. 1000,10000,50000." };
        var zoneLoop = new Option<string>("--zone-loop")
        {
            Description = "rounds: zone assignment after each round, never overlapping ingest; concurrent: on its own thread while the ingest threads feed, as in the gateway.",
            DefaultValueFactory = _ => "rounds",
        };
        zoneLoop.AcceptOnlyFromAmong("rounds", "concurrent");
        var zoneLoopPause = new Option<int?>("--zone-loop-pause-ms") { Description = "With --zone-loop concurrent: the loop's rest after each batch (Footfall:ZoneLoopPause; default 0: none)." };
        var bench = new Command("bench", "Measure the in-process footfall path: sightings per second, CPU and allocations per sighting; or memory per tracked device (--growth).")
        {
            devices,
            rounds,
            threads,
            growth,
            zoneLoop,
            zoneLoopPause,
        };
        bench.SetAction(parseResult => BeaconBenchCommand.Run(
            parseResult.GetValue(devices), parseResult.GetValue(rounds), parseResult.GetValue(threads), parseResult.GetValue(growth),
            parseResult.GetValue(zoneLoop) == "concurrent",
            parseResult.GetValue(zoneLoopPause) is { } milliseconds ? TimeSpan.FromMilliseconds(milliseconds) : null));
        beacons.Subcommands.Add(bench);
        return beacons;
    }
}
