using System.Globalization;

namespace Edge.LoadHarness;

/// <summary>
/// <c>e2e-footfall</c>: simulated OpenMQTTGateway scanners publish BLE sightings with QoS 1 through (a) Mosquitto to the
/// harness's bare counting subscriber and (b) the Edge gateway consuming them in process, measured by
/// <see cref="MeasuredStream"/> (one message is one sighting).
/// </summary>
internal static class FootfallRun
{
    public static Task<int> RunAsync(RunOptions options, int devices, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Machines, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.InFlight, 1);
        output.WriteLine(MachineDescription.Describe());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Stream: {options.Machines} OpenMQTTGateway scanners, {devices:N0} phones (each heard by ~3 scanners), {SightingSource.StoreBeacons.Length} store iBeacons (1 sighting in 25), visitor iBeacons (1 in 50); {options.MessagesPerMachine * options.Machines:N0} measured sightings (after {options.WarmupPerMachine * options.Machines:N0} warm-up), QoS 1, {options.InFlight} in flight per scanner."));
        output.WriteLine("(messages = sightings; one reading per sighting)");
        return MeasuredStream.RunTargetsAsync(
            options.Targets,
            "edge-bench-footfall",
            (name, directory) => name switch
            {
                "mosquitto" => new MosquittoTarget(directory, "home/+/BTtoMQTT/+"),
                "edge" => new FootfallEdgeTarget(directory, options.Machines, devices),
                _ => throw new ArgumentException($"Unknown target '{name}': use mosquitto or edge."),
            },
            async (target, ct) => new MeasuredStream.Load(
                await ConnectScannersAsync(target, options.Machines, devices, ct),
                Enumerable.Repeat(options.WarmupPerMachine, options.Machines).ToArray(),
                Enumerable.Repeat(options.MessagesPerMachine, options.Machines).ToArray()),
            readingsPerMessage: 1,
            options,
            output,
            cancellationToken);
    }

    /// <summary>
    /// One client per scanner. OpenMQTTGateway's client id is its gateway name; the scanner is named by the topic. Where
    /// the target requires authentication, the scanner logs in as the registered device of the same name.
    /// </summary>
    public static Task<LeanPublisher[]> ConnectScannersAsync(IBenchTarget target, int scanners, int devices, CancellationToken cancellationToken) =>
        MeasuredStream.ConnectAllAsync(
            scanners,
            (i, ct) =>
            {
                var scanner = SightingSource.ScannerId(i);
                return LeanPublisher.ConnectAsync(
                    target.PublishEndpoint, $"{scanner}-bench{Environment.ProcessId}", new SightingSource(i, scanners, devices), ct, target.CredentialsFor(scanner));
            },
            cancellationToken);
}
