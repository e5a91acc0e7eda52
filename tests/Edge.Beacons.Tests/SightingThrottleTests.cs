using Edge.Beacons;
using Edge.Beacons.Configuration;
using Edge.Beacons.Inputs;
using Edge.Privacy;

namespace Edge.Beacons.Tests;

public sealed class SightingThrottleTests : IDisposable
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private readonly Pseudonymizer _pseudonymizer = new();

    private Pseudonym Device(int id) => _pseudonymizer.Pseudonymize([(byte)(id >> 8), (byte)id]);

    [Fact]
    public void Check_SameDeviceAndScannerWithinInterval_IsDuplicate()
    {
        var throttle = new SightingThrottle(TimeSpan.FromSeconds(1), 100);

        Assert.Equal(ThrottleDecision.Accept, throttle.Check(Device(1), 0, s_start));
        Assert.Equal(ThrottleDecision.Duplicate, throttle.Check(Device(1), 0, s_start.AddMilliseconds(999)));
        Assert.Equal(ThrottleDecision.Accept, throttle.Check(Device(1), 0, s_start.AddSeconds(1)));
    }

    [Fact]
    public void Check_OtherScannerOrOtherDevice_IsAccepted()
    {
        var throttle = new SightingThrottle(TimeSpan.FromSeconds(1), 100);
        throttle.Check(Device(1), 0, s_start);

        Assert.Equal(ThrottleDecision.Accept, throttle.Check(Device(1), 1, s_start));
        Assert.Equal(ThrottleDecision.Accept, throttle.Check(Device(2), 0, s_start));
    }

    [Fact]
    public void Capacity_FullStoreHeardByThreeScannersAtOnce_NothingRefused()
    {
        var options = new FootfallOptions { MaximumTrackedDevices = 2_000 };
        for (var i = 0; i < 6; i++)
        {
            options.Scanners[$"scanner-{i}"] = $"zone-{i}";
        }

        var throttle = new SightingThrottle(TimeSpan.FromSeconds(1), SightingGate.ThrottleCapacity(options));
        var refused = 0;
        for (var d = 0; d < options.MaximumTrackedDevices; d++)
        {
            var device = Device(d);
            for (var scanner = 0; scanner < 3; scanner++)
            {
                refused += throttle.Check(device, (d + scanner) % 6, s_start) == ThrottleDecision.Full ? 1 : 0;
            }
        }

        // Every tracked phone heard by three scanners within one interval is one entry per pair, and all fit.
        Assert.Equal(0, refused);
    }

    [Fact]
    public void Check_ManyDevicesAtOnce_RefusesPastCapacityUntilEntriesExpire()
    {
        const int Capacity = 64;
        var throttle = new SightingThrottle(TimeSpan.FromSeconds(1), Capacity);
        var accepted = 0;
        var full = 0;
        for (var d = 0; d < 1000; d++)
        {
            switch (throttle.Check(Device(d), 0, s_start))
            {
                case ThrottleDecision.Accept:
                    accepted++;
                    break;
                case ThrottleDecision.Full:
                    full++;
                    break;
            }
        }

        // Bounded: no more entries than the capacity (rounded up to whole stripes), the rest refused and reported.
        Assert.InRange(accepted, 1, Capacity + 16);
        Assert.Equal(1000 - accepted, full);
        Assert.Equal(ThrottleDecision.Accept, throttle.Check(Device(999), 0, s_start.AddSeconds(2)));
    }

    [Fact]
    public void Check_ManyThreadsManyDevices_AcceptsEachDeviceOncePerInterval()
    {
        var throttle = new SightingThrottle(TimeSpan.FromSeconds(1), 100_000);
        var devices = Enumerable.Range(0, 2000).Select(Device).ToArray();
        var accepted = 0;

        Parallel.For(0, 4, _ =>
        {
            foreach (var device in devices)
            {
                if (throttle.Check(device, 3, s_start) == ThrottleDecision.Accept)
                {
                    Interlocked.Increment(ref accepted);
                }
            }
        });

        Assert.Equal(devices.Length, accepted);
    }

    public void Dispose() => _pseudonymizer.Dispose();
}
