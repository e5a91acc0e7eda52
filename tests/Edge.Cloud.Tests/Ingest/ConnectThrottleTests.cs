using System.Net;
using Edge.Cloud.Ingest;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Cloud.Tests.Ingest;

public sealed class ConnectThrottleTests
{
    private static readonly IPAddress s_attacker = IPAddress.Parse("192.0.2.7");
    private static readonly IPAddress s_gateway = IPAddress.Parse("192.0.2.8");

    [Fact]
    public void OnFailure_TenWithinAMinute_AddressBlockedUntilTheMinuteEndsOthersNot()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 8, 1, 0, 0, TimeSpan.Zero));
        var throttle = new ConnectThrottle(time);

        for (var i = 0; i < ConnectThrottle.MaxFailures - 1; i++)
        {
            throttle.OnFailure(s_attacker);
        }

        var beforeTenth = throttle.IsBlocked(s_attacker);
        throttle.OnFailure(s_attacker);
        var afterTenth = throttle.IsBlocked(s_attacker);
        var mappedToIpv6 = throttle.IsBlocked(s_attacker.MapToIPv6());
        time.Advance(ConnectThrottle.Window - TimeSpan.FromSeconds(1));
        var justBeforeTheMinute = throttle.IsBlocked(s_attacker);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(beforeTenth);
        Assert.True(afterTenth);
        Assert.True(mappedToIpv6);
        Assert.True(justBeforeTheMinute);
        Assert.False(throttle.IsBlocked(s_attacker));
        Assert.False(throttle.IsBlocked(s_gateway));
    }

    [Fact]
    public void OnFailure_MoreAddressesThanTracked_NewOnesShareOneBucket()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 8, 1, 0, 0, TimeSpan.Zero));
        var throttle = new ConnectThrottle(time);
        for (var i = 0; i < ConnectThrottle.MaxAddresses; i++)
        {
            throttle.OnFailure(new IPAddress(BitConverter.GetBytes(0x0A000000 + i)));
        }

        // Spoofed sources beyond the limit cannot grow the table: they fill one shared bucket, which then blocks them all.
        for (var i = 0; i < ConnectThrottle.MaxFailures; i++)
        {
            throttle.OnFailure(IPAddress.Parse($"198.51.100.{i + 1}"));
        }

        Assert.True(throttle.IsBlocked(IPAddress.Parse("198.51.100.200")));
        Assert.False(throttle.IsBlocked(new IPAddress(BitConverter.GetBytes(0x0A000000))));
    }
}
