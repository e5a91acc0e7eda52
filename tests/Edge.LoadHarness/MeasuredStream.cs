using System.Diagnostics;
using System.Globalization;

namespace Edge.LoadHarness;

/// <summary>
/// The measuring loop every stream shares (telemetry, footfall, and both at once): start each target in turn, connect
/// its publishers, warm up, then publish the measured messages as fast as the QoS 1 windows allow and stop the clock
/// only when the target's final consumer has processed every one, so a consumer that falls behind pays for its backlog.
/// </summary>
internal static class MeasuredStream
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(25);

    /// <summary>The publishers of one target and how many messages each sends.</summary>
    /// <param name="Publishers">Connected clients.</param>
    /// <param name="Warmup">Messages per publisher before measuring (same order as <paramref name="Publishers"/>).</param>
    /// <param name="Measured">Messages per publisher in the measured run.</param>
    internal sealed record Load(LeanPublisher[] Publishers, int[] Warmup, int[] Measured) : IDisposable
    {
        public long MeasuredTotal => Measured.Sum(count => (long)count);

        public long WarmupTotal => Warmup.Sum(count => (long)count);

        public void Dispose()
        {
            foreach (var publisher in Publishers)
            {
                publisher?.Dispose();
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="targetNames"/> one after the other, prints each one's figures and the side-by-side table;
    /// returns 1 when a target failed or lost messages.
    /// </summary>
    public static async Task<int> RunTargetsAsync(
        IEnumerable<string> targetNames,
        string directoryPrefix,
        Func<string, string, IBenchTarget> createTarget,
        Func<IBenchTarget, CancellationToken, Task<Load>> connect,
        int readingsPerMessage,
        RunOptions options,
        TextWriter output,
        CancellationToken cancellationToken)
    {
        var results = new List<TargetResult>();
        var failed = false;
        foreach (var name in targetNames)
        {
            var directory = Directory.CreateTempSubdirectory($"{directoryPrefix}-{name}-").FullName;
            output.WriteLine($"-- {name} (load average {MachineDescription.LoadAverage()}; logs in {directory})");
            var target = createTarget(name, directory);
            try
            {
                var result = await MeasureAsync(target, connect, readingsPerMessage, options, output, cancellationToken);
                results.Add(result);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"   {result.MessagesPerSecond:N0} msg/s, {result.MicrosecondsPerMessage(result.ProcessingCpuSeconds):N1} us CPU per message"));
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
        ResultTable.Write(results, output);
        return failed ? 1 : 0;
    }

    private static async Task<TargetResult> MeasureAsync(
        IBenchTarget target,
        Func<IBenchTarget, CancellationToken, Task<Load>> connect,
        int readingsPerMessage,
        RunOptions options,
        TextWriter output,
        CancellationToken cancellationToken)
    {
        await target.StartAsync(options, cancellationToken);
        foreach (var process in target.Processes)
        {
            output.WriteLine($"   {process.Role} pid {process.Pid}");
        }

        using var load = await connect(target, cancellationToken);
        var consumed = await target.ConsumedAsync(cancellationToken);
        if (load.WarmupTotal > 0)
        {
            await PublishAllAsync(load.Publishers, load.Warmup, options.InFlight, cancellationToken);
            consumed = await WaitForConsumerAsync(target, consumed + load.WarmupTotal, options.Timeout, cancellationToken);
        }

        var expected = load.MeasuredTotal;
        output.WriteLine("   warmed up; measuring");
        target.BeginMeasuring();
        var processCpu = target.Processes.Select(process => process.CpuTicks).ToArray();
        var processSystemCpu = target.Processes.Select(process => process.SystemCpuTicks).ToArray();
        var processSwitches = target.Processes.Select(process => process.ContextSwitches).ToArray();
        var selfCpu = ProcStats.CpuTicks(Environment.ProcessId);
        var subscriberCpu = target.Subscriber?.CpuTicks ?? 0;
        var started = Stopwatch.GetTimestamp();

        var pubAcks = await PublishAllAsync(load.Publishers, load.Measured, options.InFlight, cancellationToken);
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
        var startup = target as IStartupFigures;
        return new TargetResult
        {
            Name = target.Name,
            Messages = expected,
            ReadingsPerMessage = readingsPerMessage,
            Elapsed = elapsed,
            PublishElapsed = published,
            Processes = processes,
            LoadGeneratorCpuSeconds = loadGeneratorSeconds,
            SubscriberCpuSeconds = subscriberSeconds,
            PubAckLatencies = pubAcks,
            DeliveryLatencies = delivery,
            TimeToReady = startup?.TimeToReady,
            IdleRssBytes = startup?.IdleRssBytes,
            IdleRssAnonymousBytes = startup?.IdleRssAnonymousBytes,
            Verification = verification,
        };
    }

    /// <summary>
    /// Connects <paramref name="count"/> clients a few at a time, retrying a refused connection: a broker's accept backlog
    /// (MQTTnet's is small) can refuse a burst of simultaneous connects. Connecting is not part of the measurement.
    /// </summary>
    public static async Task<LeanPublisher[]> ConnectAllAsync(int count, Func<int, CancellationToken, Task<LeanPublisher>> connect, CancellationToken cancellationToken)
    {
        const int Parallel = 8;
        var publishers = new LeanPublisher[count];
        try
        {
            for (var first = 0; first < count; first += Parallel)
            {
                var batch = Enumerable.Range(first, Math.Min(Parallel, count - first));
                await Task.WhenAll(batch.Select(async i => publishers[i] = await ConnectWithRetryAsync(i, connect, cancellationToken)));
            }
        }
        catch
        {
            foreach (var publisher in publishers)
            {
                publisher?.Dispose();
            }

            throw;
        }

        return publishers;
    }

    private static async Task<LeanPublisher> ConnectWithRetryAsync(int index, Func<int, CancellationToken, Task<LeanPublisher>> connect, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await connect(index, cancellationToken);
            }
            catch (System.Net.Sockets.SocketException) when (attempt < 10)
            {
                await Task.Delay(50 * attempt, cancellationToken);
            }
        }
    }

    /// <summary>Every client publishes its count at once; returns the sorted PUBACK latencies.</summary>
    private static async Task<int[]> PublishAllAsync(LeanPublisher[] publishers, int[] perClient, int inFlight, CancellationToken cancellationToken)
    {
        var latencies = new int[publishers.Length][];
        await Task.WhenAll(publishers.Select((publisher, i) =>
        {
            latencies[i] = new int[perClient[i]];
            return perClient[i] == 0
                ? Task.CompletedTask
                : Task.Run(() => publisher.PublishAsync(perClient[i], inFlight, latencies[i], cancellationToken), cancellationToken);
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
