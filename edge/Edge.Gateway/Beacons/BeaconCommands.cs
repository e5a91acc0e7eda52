using System.CommandLine;

namespace Edge.Gateway.Beacons;

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
        var bench = new Command("bench", "Measure the sightings per second that parsing, decoding, pseudonymization and zone assignment sustain on one thread.")
        {
            devices,
            rounds,
        };
        bench.SetAction(parseResult =>
        {
            var result = BeaconBenchmark.Run(parseResult.GetValue(devices), parseResult.GetValue(rounds));
            Console.WriteLine($"sightings {result.Sightings:N0} in {result.Elapsed.TotalSeconds:F2} s on one thread ({result.Zones} zones, {result.Accepted:N0} queued)");
            Console.WriteLine($"{result.SightingsPerSecond:N0} sightings/s, {result.MicrosecondsPerSighting:F2} us/sighting, {result.BytesPerSighting:F1} bytes allocated/sighting");
            return 0;
        });
        beacons.Subcommands.Add(bench);
        return beacons;
    }
}
