using System.Diagnostics;

namespace Edge.Tools.Beacons;

/// <summary>
/// Memory and CPU per tracked device: N distinct phones, each heard by two scanners every simulated second, for long
/// enough to be confirmed as visitors (and counted by the footfall accumulator). Memory is the managed heap after a
/// full, compacting collection, minus the same before the first sighting (the rig and the input messages exist
/// already), divided by N; RSS is the process's resident set at the same two points (noisy per device: the GC returns
/// and takes pages as it likes; the resident set after the run is printed too). CPU is the whole process's over the
/// measured rounds: at 1,000 devices (10,000 sightings) the clock's granularity and background JIT dominate it.
/// </summary>
internal static class BeaconGrowthBenchmark
{
    // Confirmation needs 6 s and two sightings (FootfallOptions defaults); 10 rounds leave every device a visitor.
    private const int WarmRounds = 10;
    private const int MeasuredRounds = 5;

    /// <summary>The pseudonymizer's cache of recent pseudonyms (32-byte entries): per path, not per device.</summary>
    public const int FixedCacheBytes = Edge.Privacy.PseudonymCache.Entries * 32;

    public sealed record Result(
        int Devices, bool Counting, int Tracked, int InWindow, long HeapBytes, long RssBytes, long RssAfterBytes, long Sightings, TimeSpan Cpu, long AllocatedBytes)
    {
        public double HeapBytesPerDevice => (double)HeapBytes / Devices;

        public double RssBytesPerDevice => (double)RssBytes / Devices;

        public double CpuMicrosecondsPerSighting => Cpu.TotalMicroseconds / Sightings;

        public double AllocatedBytesPerSighting => (double)AllocatedBytes / Sightings;
    }

    public static Result Run(int devices, bool counting)
    {
        using var rig = new BeaconBenchRig(devices, counting);
        var messages = BeaconBenchRig.Messages(0, devices);
        var heapBefore = FullCollect();
        var rssBefore = Rss();

        for (var round = 0; round < WarmRounds; round++)
        {
            rig.Clock.Advance(TimeSpan.FromSeconds(1));
            FeedDraining(rig, messages);
            rig.FinishRound();
        }

        // Steady state: every device known, tracked and in the window; CPU of the whole path per sighting.
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        for (var round = 0; round < MeasuredRounds; round++)
        {
            rig.Clock.Advance(TimeSpan.FromSeconds(1));
            FeedDraining(rig, messages);
            rig.FinishRound();
        }

        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var heapAfter = FullCollect();
        var rssAfter = Rss();
        var result = new Result(
            devices, counting, rig.Tracker.TrackedDevices, rig.Accumulator.DevicesInWindow, heapAfter - heapBefore, rssAfter - rssBefore, rssAfter,
            (long)messages.Length * MeasuredRounds, cpu, allocated);
        GC.KeepAlive(messages);
        return result;
    }

    /// <summary>
    /// Feeds the messages with zone assignment draining the queue every few hundred sightings, as the gateway's loop
    /// does while the broker ingests; so the queue's buffer holds what a busy second leaves in it, not a whole round.
    /// </summary>
    private static void FeedDraining(BeaconBenchRig rig, (string Topic, byte[] Payload)[] messages)
    {
        const int Chunk = 256;
        for (var i = 0; i < messages.Length; i++)
        {
            rig.Ingest.TryHandle(messages[i].Topic, messages[i].Payload);
            if (i % Chunk == Chunk - 1)
            {
                rig.Pipeline.ProcessPending();
            }
        }
    }

    private static long FullCollect()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: false);
    }

    private static long Rss()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
