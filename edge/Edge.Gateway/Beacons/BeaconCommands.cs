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
        return beacons;
    }
}
