using System.Globalization;
using System.Runtime;
using Edge.Beacons.Configuration;

namespace Edge.Tools.Beacons;

/// <summary>Prints what <c>beacons bench</c> measured, with the load average (the machine may be shared).</summary>
internal static class BeaconBenchCommand
{
    public static int Run(int devices, int rounds, int threads, string? growth, bool concurrentZoneLoop = false, TimeSpan? zoneLoopPause = null)
    {
        Console.WriteLine($"load average {LoadAverage()}; {Environment.ProcessorCount} cores; {(GCSettings.IsServerGC ? "server" : "workstation")} GC");
        if (!string.IsNullOrWhiteSpace(growth))
        {
            // Each size twice: the whole path, and the path up to zone assignment (the difference is the accumulator's).
            // A small run first, not reported, so that the first size is not charged for compiling the path.
            BeaconGrowthBenchmark.Run(500, counting: true);
            Console.WriteLine("devices | path ends at       | tracked | in window | heap B/device | RSS B/device | RSS MB | CPU us/sighting | allocated B/sighting");
            foreach (var part in growth.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                foreach (var counting in new[] { true, false })
                {
                    var result = BeaconGrowthBenchmark.Run(int.Parse(part, CultureInfo.InvariantCulture), counting);
                    var end = counting ? "accumulator" : "zone assignment";
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{result.Devices,7:N0} | {end,-17} | {result.Tracked,7:N0} | {result.InWindow,9:N0} | {result.HeapBytesPerDevice,13:F0} | {result.RssBytesPerDevice,12:F0} | {result.RssAfterBytes / 1048576.0,6:F1} | {result.CpuMicrosecondsPerSighting,15:F2} | {result.AllocatedBytesPerSighting,20:F1}"));
                }
            }

            // Made with the rig, before the first sighting, so not in the growth above; its share per device is added here.
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"plus the pseudonym cache, fixed {BeaconGrowthBenchmark.FixedCacheBytes:N0} B whatever the number of devices: {BeaconGrowthBenchmark.FixedCacheBytes / 1000.0:F1} B/device at 1,000, {BeaconGrowthBenchmark.FixedCacheBytes / 10000.0:F1} at 10,000"));

            return 0;
        }

        var run = BeaconBenchmark.Run(devices, rounds, threads, concurrentZoneLoop, zoneLoopPause);
        var pause = (zoneLoopPause ?? new FootfallOptions().ZoneLoopPause).TotalMilliseconds;
        var zoneLoop = concurrentZoneLoop
            ? string.Create(CultureInfo.InvariantCulture, $"the gateway's zone loop beside them (resting {pause:G} ms after each batch)")
            : "zone assignment between rounds";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sightings {run.Sightings:N0} in {run.Elapsed.TotalSeconds:F2} s on {run.Threads} ingest thread(s), {zoneLoop} ({BeaconBenchRig.ZoneCount} zones, {devices:N0} devices, {run.Accepted:N0} queued and zoned)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{run.SightingsPerSecond:N0} sightings/s, {run.CpuMicrosecondsPerSighting:F2} us CPU/sighting (whole process), {run.BytesPerSighting:F1} bytes allocated/sighting"));
        return 0;
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return "n/a";
        }
        catch (UnauthorizedAccessException)
        {
            return "n/a";
        }
    }
}
