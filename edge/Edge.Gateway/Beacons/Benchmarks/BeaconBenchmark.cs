using System.Diagnostics;

namespace Edge.Gateway.Beacons.Benchmarks;

/// <summary>
/// Measures the in-process footfall path (<see cref="BeaconBenchRig"/>) on synthetic scanner messages. Simulated time
/// advances one second per round, so every sighting is a new one and none is merely de-duplicated. Ingest runs on
/// <c>threads</c> threads, each with its own devices (as the broker's threads hand over publishes of different
/// scanners); zone assignment, one loop in the gateway, drains the queue after each round.
/// </summary>
internal static class BeaconBenchmark
{
    public sealed record Result(long Sightings, TimeSpan Elapsed, TimeSpan Cpu, long AllocatedBytes, long Accepted, int Threads)
    {
        public double SightingsPerSecond => Sightings / Elapsed.TotalSeconds;

        public double CpuMicrosecondsPerSighting => Cpu.TotalMicroseconds / Sightings;

        public double BytesPerSighting => (double)AllocatedBytes / Sightings;
    }

    public static Result Run(int devices, int rounds, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        using var rig = new BeaconBenchRig(devices);
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

        // The calling thread feeds part 0 and runs zone assignment between rounds; the others feed the rest. Threads
        // wait for each other at the barrier only at round ends, so CPU time stays the path's own.
        using var barrier = new Barrier(threads);
        var allocated = new long[threads];
        var workers = new Thread[threads - 1];
        for (var t = 1; t < threads; t++)
        {
            var part = parts[t];
            var index = t;
            workers[t - 1] = new Thread(() =>
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
            workers[t - 1].Start();
        }

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

    internal static void Feed(BeaconBenchRig rig, (string Topic, byte[] Payload)[] messages)
    {
        foreach (var (topic, payload) in messages)
        {
            rig.Ingest.TryHandle(topic, payload);
        }
    }
}
