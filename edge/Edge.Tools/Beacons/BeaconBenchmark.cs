using System.Diagnostics;

namespace Edge.Tools.Beacons;

/// <summary>
/// Measures the in-process footfall path (<see cref="BeaconBenchRig"/>) on synthetic scanner messages. Simulated time
/// advances one second per round, so every sighting is a new one and none is merely de-duplicated. Ingest runs on
/// <c>threads</c> threads, each with its own devices (as the broker's threads hand over publishes of different
/// scanners). Zone assignment, one loop in the gateway, either drains the queue after each round (<c>rounds</c>: ingest
/// and zone assignment never overlap) or, as in the gateway, runs while the ingest threads feed the queue
/// (<c>concurrent</c>: the gateway's own loop, awaiting the queue on the thread pool). Either way a round ends only when
/// every sighting fed has been zoned.
/// </summary>
internal static class BeaconBenchmark
{
    public sealed record Result(long Sightings, TimeSpan Elapsed, TimeSpan Cpu, long AllocatedBytes, long Accepted, int Threads)
    {
        public double SightingsPerSecond => Sightings / Elapsed.TotalSeconds;

        public double CpuMicrosecondsPerSighting => Cpu.TotalMicroseconds / Sightings;

        public double BytesPerSighting => (double)AllocatedBytes / Sightings;
    }

    public static Result Run(int devices, int rounds, int threads, bool concurrentZoneLoop = false, TimeSpan? zoneLoopPause = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        using var rig = new BeaconBenchRig(devices, zoneLoopPause: zoneLoopPause);
        var messages = BeaconBenchRig.Messages(0, devices);

        // Each thread takes every threads-th device (both of its messages), so no device is split across threads.
        var parts = new (string Topic, byte[] Payload)[threads][];
        for (var t = 0; t < threads; t++)
        {
            parts[t] = [.. messages.Where((_, i) => (i / 2) % threads == t)];
        }

        // Warm-up round (JIT, dictionaries), not measured.
        Feed(rig, messages);
        rig.FinishRound();

        if (concurrentZoneLoop)
        {
            return RunWithZoneLoop(rig, messages.Length, parts, rounds);
        }

        // The calling thread feeds part 0 and runs zone assignment between rounds; the others feed the rest. Threads
        // wait for each other at the barrier only at round ends, so CPU time stays the path's own.
        using var barrier = new Barrier(threads);
        var allocated = new long[threads];
        var workers = StartFeeders(rig, parts, firstPart: 1, rounds, barrier, allocated);

        var mainAllocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++)
        {
            rig.Clock.Advance(TimeSpan.FromSeconds(1));
            barrier.SignalAndWait();
            Feed(rig, parts[0]);
            barrier.SignalAndWait();
            rig.FinishRound();
        }

        stopwatch.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        foreach (var worker in workers)
        {
            worker.Join();
        }

        var totalAllocated = allocated.Sum() + GC.GetAllocatedBytesForCurrentThread() - mainAllocatedBefore;
        return new Result((long)messages.Length * rounds, stopwatch.Elapsed, cpu, totalAllocated, rig.Counters.Accepted, threads);
    }

    /// <summary>Every part fed by its own thread while the gateway's zone loop drains the queue on the thread pool.</summary>
    private static Result RunWithZoneLoop(BeaconBenchRig rig, int messagesPerRound, (string Topic, byte[] Payload)[][] parts, int rounds)
    {
        var threads = parts.Length;
        using var barrier = new Barrier(threads + 1);
        using var stop = new CancellationTokenSource();
        var workers = StartFeeders(rig, parts, firstPart: 0, rounds, barrier, new long[threads]);

        // The zone loop allocates on thread-pool threads too: count the whole process.
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();
        var zoneLoop = Task.Run(() => Edge.Beacons.Zones.BeaconPipelineService.ZoneLoopAsync(rig.Pipeline, rig.Footfall.ZoneLoopPause, stop.Token));
        for (var round = 0; round < rounds; round++)
        {
            rig.Clock.Advance(TimeSpan.FromSeconds(1));
            barrier.SignalAndWait();
            barrier.SignalAndWait();

            // Every ingest thread is done with the round: wait for the loop to zone what they queued, then sweep.
            var spin = default(SpinWait);
            while (rig.Counters.Zoned < rig.Counters.Accepted)
            {
                spin.SpinOnce();
            }

            rig.Tracker.Sweep(rig.Clock.GetUtcNow());
        }

        stopwatch.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        stop.Cancel();
        foreach (var worker in workers)
        {
            worker.Join();
        }

        try
        {
            zoneLoop.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // The loop ends when the run does.
        }

        var totalAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return new Result((long)messagesPerRound * rounds, stopwatch.Elapsed, cpu, totalAllocated, rig.Counters.Accepted, threads);
    }

    /// <summary>
    /// One thread per part from <paramref name="firstPart"/> on, each feeding its part once per round between two
    /// barrier phases and recording what it allocated in <paramref name="allocated"/>.
    /// </summary>
    private static Thread[] StartFeeders(
        BeaconBenchRig rig, (string Topic, byte[] Payload)[][] parts, int firstPart, int rounds, Barrier barrier, long[] allocated)
    {
        var workers = new Thread[parts.Length - firstPart];
        for (var t = firstPart; t < parts.Length; t++)
        {
            var part = parts[t];
            var index = t;
            var worker = new Thread(() =>
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                for (var round = 0; round < rounds; round++)
                {
                    barrier.SignalAndWait();
                    Feed(rig, part);
                    barrier.SignalAndWait();
                }

                allocated[index] = GC.GetAllocatedBytesForCurrentThread() - before;
            })
            { IsBackground = true, Name = $"beacon-bench-{t}" };
            worker.Start();
            workers[t - firstPart] = worker;
        }

        return workers;
    }

    internal static void Feed(BeaconBenchRig rig, (string Topic, byte[] Payload)[] messages)
    {
        foreach (var (topic, payload) in messages)
        {
            rig.Ingest.TryHandle(topic, payload);
        }
    }
}
