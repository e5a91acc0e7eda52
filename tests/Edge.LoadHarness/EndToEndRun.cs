using System.Diagnostics;
using System.Globalization;

namespace Edge.LoadHarness;

/// <summary>
/// Runs the same stream through each target in turn: start it, connect the machines, warm up, then publish the measured
/// messages as fast as the QoS 1 windows allow and stop the clock only when the final consumer has processed them all.
/// </summary>
internal static class EndToEndRun
{
    private const int ReadingsPerMessage = 2;
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(25);

    public static async Task<int> RunAsync(RunOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Machines, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.InFlight, 1);
        output.WriteLine(MachineDescription.Describe());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Stream: {options.Machines} machines, {options.MessagesPerMachine * options.Machines:N0} measured messages (after {options.WarmupPerMachine * options.Machines:N0} warm-up), QoS 1, {options.InFlight} in flight per client, {ReadingsPerMessage} readings per message."));

        var results = new List<TargetResult>();
        var failed = false;
        foreach (var name in options.Targets)
        {
            var directory = Directory.CreateTempSubdirectory($"edge-bench-{name}-").FullName;
            output.WriteLine($"-- {name} (load average {MachineDescription.LoadAverage()}; logs in {directory})");
            IBenchTarget target = name switch
            {
                "mosquitto" => new MosquittoTarget(directory),
                "edge" => new EdgeTarget(directory),
                "nodered" => new NodeRedTarget(directory),
                _ => throw new ArgumentException($"Unknown target '{name}': use mosquitto, edge or nodered."),
            };
            try
            {
                var result = await RunTargetAsync(target, options, cancellationToken);
                results.Add(result);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"   {result.MessagesPerSecond:N0} msg/s, {result.MicrosecondsPerMessage(result.ProcessingCpuSeconds):N1} us CPU per message"));
                if (result.Verification is { } verification)
                {
                    output.WriteLine("   " + verification);
                    failed |= verification.Contains("MISSING", StringComparison.Ordinal);
                }
            }
            catch (Exception exception) when (exception is InvalidOperationException or IOException or TimeoutException or System.Net.Sockets.SocketException or HttpRequestException or FileNotFoundException)
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
        ResultTable.Write(results, output);
        return failed ? 1 : 0;
    }

    private static async Task<TargetResult> RunTargetAsync(IBenchTarget target, RunOptions options, CancellationToken cancellationToken)
    {
        await target.StartAsync(options, cancellationToken);
        foreach (var process in target.Processes)
        {
            Console.WriteLine($"   {process.Role} pid {process.Pid}");
        }

        var publishers = await ConnectAllAsync(target, options.Machines, cancellationToken);

        try
        {
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
            var delivery = target.DeliveryLatencies.ToArray();
            Array.Sort(delivery);
            var verification = await target.VerifyAsync(consumed + expected, cancellationToken);
            return new TargetResult
            {
                Name = target.Name,
                Messages = expected,
                ReadingsPerMessage = ReadingsPerMessage,
                Elapsed = elapsed,
                PublishElapsed = published,
                Processes = processes,
                LoadGeneratorCpuSeconds = loadGeneratorSeconds,
                SubscriberCpuSeconds = subscriberSeconds,
                PubAckLatencies = pubAcks,
                DeliveryLatencies = delivery,
                TimeToReady = target switch { EdgeTarget edge => edge.TimeToReady, NodeRedTarget nodeRed => nodeRed.TimeToReady, _ => null },
                IdleRssBytes = target switch { EdgeTarget edge => edge.IdleRssBytes, NodeRedTarget nodeRed => nodeRed.IdleRssBytes, _ => null },
                IdleRssAnonymousBytes = target switch { EdgeTarget edge => edge.IdleRssAnonymousBytes, NodeRedTarget nodeRed => nodeRed.IdleRssAnonymousBytes, _ => null },
                Verification = verification,
            };
        }
        finally
        {
            foreach (var publisher in publishers)
            {
                publisher.Dispose();
            }
        }
    }

    /// <summary>
    /// Connects the machines a few at a time, retrying a refused connection: a broker's accept backlog (MQTTnet's is small)
    /// can refuse a burst of 100 simultaneous connects. Connecting is not part of the measurement.
    /// </summary>
    private static async Task<LeanPublisher[]> ConnectAllAsync(IBenchTarget target, int machines, CancellationToken cancellationToken)
    {
        const int Parallel = 8;
        var publishers = new LeanPublisher[machines];
        for (var first = 0; first < machines; first += Parallel)
        {
            var batch = Enumerable.Range(first, Math.Min(Parallel, machines - first));
            await Task.WhenAll(batch.Select(async i => publishers[i] = await ConnectWithRetryAsync(target, RunOptions.MachineId(i), cancellationToken)));
        }

        return publishers;
    }

    private static async Task<LeanPublisher> ConnectWithRetryAsync(IBenchTarget target, string machineId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await LeanPublisher.ConnectAsync(target.PublishEndpoint, machineId, cancellationToken, target.CredentialsFor(machineId));
            }
            catch (System.Net.Sockets.SocketException) when (attempt < 10)
            {
                await Task.Delay(50 * attempt, cancellationToken);
            }
        }
    }

    /// <summary>Every client publishes <paramref name="perClient"/> messages at once; returns the sorted PUBACK latencies.</summary>
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
                    $"{target.Name}: the consumer processed {consumed:N0} of {expected:N0} messages within {timeout.TotalSeconds:N0} s."));
            }

            await Task.Delay(s_pollInterval, cancellationToken);
        }
    }
}
