using System.Globalization;

namespace Edge.LoadHarness;

/// <summary>
/// <c>e2e-site</c>: one gateway serving a plant and a store at once, the load issue 10 sets its memory target for
/// (1,000 machines and 20,000 tracked devices). The machines publish their telemetry stream and the scanners their
/// sightings at the same time, each as fast as its QoS 1 window allows; the run ends when the gateway has consumed every
/// message of both. The table's peak RSS is the gateway's under both loads together.
/// </summary>
internal static class SiteRun
{
    public static Task<int> RunAsync(RunOptions options, FootfallLoad footfall, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Machines, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(footfall.Scanners, 1);
        output.WriteLine(MachineDescription.Describe());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Stream: {options.Machines} machines ({options.MessagesPerMachine * options.Machines:N0} measured telemetry messages after {options.WarmupPerMachine * options.Machines:N0} warm-up) and at the same time {footfall.Scanners} scanners hearing {footfall.Devices:N0} phones ({footfall.SightingsPerScanner * footfall.Scanners:N0} measured sightings after {footfall.WarmupPerScanner * footfall.Scanners:N0} warm-up); QoS 1, {options.InFlight} in flight per client."));
        output.WriteLine("(messages = telemetry messages + sightings; readings/s counts one per message)");
        return MeasuredStream.RunTargetsAsync(
            ["edge"],
            "edge-bench-site",
            (_, directory) => new EdgeTarget(directory, footfall.Scanners, footfall.Devices),
            async (target, ct) =>
            {
                var machines = await EndToEndRun.ConnectMachinesAsync(target, options.Machines, ct);
                var scanners = await FootfallRun.ConnectScannersAsync(target, footfall.Scanners, footfall.Devices, ct);
                return new MeasuredStream.Load(
                    [.. machines, .. scanners],
                    [.. Enumerable.Repeat(options.WarmupPerMachine, options.Machines), .. Enumerable.Repeat(footfall.WarmupPerScanner, footfall.Scanners)],
                    [.. Enumerable.Repeat(options.MessagesPerMachine, options.Machines), .. Enumerable.Repeat(footfall.SightingsPerScanner, footfall.Scanners)]);
            },
            readingsPerMessage: 1,
            options,
            output,
            cancellationToken);
    }

    /// <summary>The store's side of the site: scanners, phones, and the sightings each scanner sends.</summary>
    internal sealed record FootfallLoad(int Scanners, int Devices, int Sightings, int Warmup)
    {
        public int SightingsPerScanner => Math.Max(1, Sightings / Scanners);

        public int WarmupPerScanner => Warmup <= 0 ? 0 : Math.Max(1, Warmup / Scanners);
    }
}
