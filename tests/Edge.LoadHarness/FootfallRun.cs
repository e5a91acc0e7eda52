using System.Diagnostics;
using System.Globalization;

namespace Edge.LoadHarness;

/// <summary>
/// The footfall path end to end: simulated OpenMQTTGateway scanners publish BLE sightings with QoS 1 through (a)
/// Mosquitto to the harness's bare counting subscriber and (b) the Edge gateway consuming them in process. Same shape
/// as <see cref="EndToEndRun"/>: start, connect, warm up, publish the measured sightings as fast as the QoS 1 windows
/// allow, and stop the clock only when the final consumer has processed every one.
/// </summary>
internal static class FootfallRun
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(25);

    public static async Task<int> RunAsync(RunOptions options, int devices, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Machines, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.InFlight, 1);
        output.WriteLine(MachineDescription.Describe());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Stream: {options.Machines} OpenMQTTGateway scanners, {devices:N0} phones (each heard by ~3 scanners), {SightingSource.StoreBeacons.Length} store iBeacons (1 sighting in 25), visitor iBeacons (1 in 50); {options.MessagesPerMachine * options.Machines:N0} measured sightings (after {options.WarmupPerMachine * options.Machines:N0} warm-up), QoS 1, {options.InFlight} in flight per scanner."));

        var results = new List<TargetResult>();
        var failed = false;
        foreach (var name in options.Targets)
        {
            var directory = Directory.CreateTempSubdirectory($"edge-bench-footfall-{name}-").FullName;
            output.WriteLine($"-- {name} (load average {MachineDescription.LoadAverage()}; logs in {directory})");
            IBenchTarget target = name switch
            {
                "mosquitto" => new MosquittoTarget(directory, "home/+/BTtoMQTT/+"),
                "edge" => new FootfallEdgeTarget(directory, options.Machines),
                _ => throw new ArgumentException($"Unknown target '{name}': use mosquitto or edge."),
            };
            try
            {
                var result = await RunTargetAsync(target, options, devices, cancellationToken);
                results.Add(result);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"   {result.MessagesPerSecond:N0} sightings/s, {result.MicrosecondsPerMessage(result.ProcessingCpuSeconds):N1} us CPU per sighting"));
                if (result.Verification is { } verification)
                {
                    output.WriteLine("   " + verification);
                    failed |= verification.Contains("MISSING", StringComparison.Ordinal);
                }
            }
            catch (Exception exception) when (exception is InvalidOperationException or IOException or TimeoutException or System.Net.Sockets.SocketException or HttpRequestException or FileNotFoundException or KeyNotFoundException)
            {
                output.WriteLine($"   FAILED: {exception.Message}");
                failed = true;
            }
            finally
            {
                await target.DisposeAsync();
            }

            if (!failed)
            {
                Directory.Delete(directory, recursive: true);
            }
        }

        output.WriteLine();
        output.WriteLine("(messages = sightings; one reading per sighting)");
        ResultTable.Write(results, output);
        return failed ? 1 : 0;
    }

    private static async Task<TargetResult> RunTargetAsync(IBenchTarget target, RunOptions options, int devices, CancellationToken cancellationToken)
    {
        await target.StartAsync(options, cancellationToken);
        foreach (var process in target.Processes)
        {
            Console.WriteLine($"   {process.Role} pid {process.Pid}");
        }

        var publishers = new LeanPublisher[options.Machines];
        try
        {
            for (var i = 0; i < publishers.Length; i++)
            {
                // OpenMQTTGateway's client id is its gateway name; the scanner is named by the topic.
                publishers[i] = await LeanPublisher.ConnectAsync(
                    target.PublishEndpoint, $"{SightingSource.ScannerId(i)}-bench{Environment.ProcessId}", new SightingSource(i, options.Machines, devices), cancellationToken);
            }

            var consumed = await target.ConsumedAsync(cancellationToken);
            if (options.WarmupPerMachine > 0)
            {
                await PublishAllAsync(publishers, options.WarmupPerMachine, options.InFlight, cancellationToken);
                consumed = await WaitForConsumerAsync(target, consumed + ((long)options.WarmupPerMachine * options.Machines), options.Timeout, cancellationToken);
            }

            var expected = (long)options.MessagesPerMachine * options.Machines;
            Console.WriteLine("   warmed up; measuring");
            target.BeginMeasuring();
            var processCpu = target.Processes.Select(process => process.CpuTicks).ToArray();
            var processSystemCpu = target.Processes.Select(process => process.SystemCpuTicks).ToArray();
            var processSwitches = target.Processes.Select(process => process.ContextSwitches).ToArray();
            var selfCpu = ProcStats.CpuTicks(Environment.ProcessId);
            var subscriberCpu = target.Subscriber?.CpuTicks ?? 0;
            var started = Stopwatch.GetTimestamp();

            var pubAcks = await PublishAllAsync(publishers, options.MessagesPerMachine, options.InFlight, cancellationToken);
            var published = Stopwatch.GetElapsedTime(started);
            await WaitForConsumerAsync(target, consumed + expected, options.Timeout, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);

            var subscriberSeconds = ((target.Subscriber?.CpuTicks ?? 0) - subscriberCpu) / ProcStats.TicksPerSecond;
            var processes = target.Processes
                .Select((process, i) => new ProcessFigures(
                    process.Role,
                    (process.CpuTicks - processCpu[i]) / ProcStats.TicksPerSecond,
                    (process.SystemCpuTicks - processSystemCpu[i]) / ProcStats.TicksPerSecond,
                    process.ContextSwitches - processSwitches[i],
                    process.PeakRssBytes))
                .ToList();
            var loadGeneratorSeconds = ((ProcStats.CpuTicks(Environment.ProcessId) - selfCpu) / ProcStats.TicksPerSecond) - subscriberSeconds;
            var verification = await target.VerifyAsync(consumed + expected, cancellationToken);
            return new TargetResult
            {
                Name = target.Name,
                Messages = expected,
                ReadingsPerMessage = 1,
                Elapsed = elapsed,
                PublishElapsed = published,
                Processes = processes,
                LoadGeneratorCpuSeconds = loadGeneratorSeconds,
                SubscriberCpuSeconds = subscriberSeconds,
                PubAckLatencies = pubAcks,
                DeliveryLatencies = [],
                TimeToReady = (target as FootfallEdgeTarget)?.TimeToReady,
                IdleRssBytes = (target as FootfallEdgeTarget)?.IdleRssBytes,
                IdleRssAnonymousBytes = (target as FootfallEdgeTarget)?.IdleRssAnonymousBytes,
                Verification = verification,
            };
        }
        finally
        {
            foreach (var publisher in publishers)
            {
                publisher?.Dispose();
            }
        }
    }

    private static async Task<int[]> PublishAllAsync(LeanPublisher[] publishers, int perClient, int inFlight, CancellationToken cancellationToken)
    {
        var latencies = new int[publishers.Length][];
        await Task.WhenAll(publishers.Select((publisher, i) =>
        {
            latencies[i] = new int[perClient];
            return Task.Run(() => publisher.PublishAsync(perClient, inFlight, latencies[i], cancellationToken), cancellationToken);
        }));
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return all;
    }

    private static async Task<long> WaitForConsumerAsync(IBenchTarget target, long expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var consumed = await target.ConsumedAsync(cancellationToken);
            if (consumed >= expected)
            {
                return consumed;
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                    $"{target.Name}: the consumer processed {consumed:N0} of {expected:N0} sightings within {timeout.TotalSeconds:N0} s."));
            }

            await Task.Delay(s_pollInterval, cancellationToken);
        }
    }
}
