using System.Globalization;

namespace Edge.LoadHarness;

/// <summary>
/// <c>e2e</c>: the same telemetry stream (one client per machine, QoS 1 JSON) through Mosquitto, the Edge gateway and
/// Node-RED in turn, measured by <see cref="MeasuredStream"/>.
/// </summary>
internal static class EndToEndRun
{
    private const int ReadingsPerMessage = 2;

    public static Task<int> RunAsync(RunOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Machines, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.InFlight, 1);
        output.WriteLine(MachineDescription.Describe());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Stream: {options.Machines} machines, {options.MessagesPerMachine * options.Machines:N0} measured messages (after {options.WarmupPerMachine * options.Machines:N0} warm-up), QoS 1, {options.InFlight} in flight per client, {ReadingsPerMessage} readings per message."));
        return MeasuredStream.RunTargetsAsync(
            options.Targets,
            "edge-bench",
            (name, directory) => name switch
            {
                "mosquitto" => new MosquittoTarget(directory),
                "edge" => new EdgeTarget(directory),
                "nodered" => new NodeRedTarget(directory),
                _ => throw new ArgumentException($"Unknown target '{name}': use mosquitto, edge or nodered."),
            },
            async (target, ct) => new MeasuredStream.Load(
                await ConnectMachinesAsync(target, options.Machines, ct),
                Enumerable.Repeat(options.WarmupPerMachine, options.Machines).ToArray(),
                Enumerable.Repeat(options.MessagesPerMachine, options.Machines).ToArray()),
            ReadingsPerMessage,
            options,
            output,
            cancellationToken);
    }

    /// <summary>One telemetry client per machine, logged in with the machine's credentials where the target has them.</summary>
    public static Task<LeanPublisher[]> ConnectMachinesAsync(IBenchTarget target, int machines, CancellationToken cancellationToken) =>
        MeasuredStream.ConnectAllAsync(
            machines,
            (i, ct) =>
            {
                var machineId = RunOptions.MachineId(i);
                return LeanPublisher.ConnectAsync(target.PublishEndpoint, machineId, ct, target.CredentialsFor(machineId));
            },
            cancellationToken);
}
