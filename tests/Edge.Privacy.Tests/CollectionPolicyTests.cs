using Edge.Privacy;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Privacy.Tests;

public sealed class CollectionPolicyTests
{
    private static readonly byte[] s_optOutUuid = Guid.Parse("11111111-2222-3333-4444-555555555555").ToByteArray(bigEndian: true);
    private static readonly byte[] s_staff = [0x02, 0x11, 0x22, 0x33, 0x44, 0x55];

    private static (CollectionPolicy Policy, PrivacyCounters Counters, FakeTimeProvider Time) Create(Action<PrivacyOptions>? configure = null)
    {
        var options = FootfallTestKit.DefaultOptions();
        options.OptOutBeaconUuids = ["11111111-2222-3333-4444-555555555555"];
        options.DenyList = ["02:11:22:33:44:55"];
        configure?.Invoke(options);
        var time = new FakeTimeProvider(FootfallTestKit.At(10, 0));
        var counters = new PrivacyCounters();
        return (new CollectionPolicy(Options.Create(options), time, counters), counters, time);
    }

    private static byte[] Address(int i) => [0x40, 0, 0, 0, (byte)(i >> 8), (byte)i];

    [Fact]
    public void Evaluate_OrdinaryShopperDuringOpeningHours_IsCollected()
    {
        var (policy, _, _) = Create();

        Assert.Equal(CollectionDecision.Collect, policy.Evaluate(Address(1), Guid.NewGuid().ToByteArray(bigEndian: true)));
        Assert.False(policy.ShouldDrop(Address(2)));
    }

    [Fact]
    public void Evaluate_OptOutBeacon_IsDroppedAndOnlyCounted()
    {
        var (policy, counters, _) = Create();

        for (var repeat = 0; repeat < 3; repeat++)
        {
            for (var device = 0; device < 200; device++)
            {
                Assert.Equal(CollectionDecision.OptedOut, policy.Evaluate(Address(device), s_optOutUuid));
            }
        }

        Assert.Equal(600, counters.Get(PrivacyCounter.OptedOutSightings));
        // Linear counting on 4096 bits: 200 distinct devices estimated within a few percent.
        Assert.InRange(counters.Get(PrivacyCounter.OptedOutDevices), 185, 215);
    }

    [Fact]
    public void Evaluate_DenyListedAddress_IsDropped()
    {
        var (policy, counters, _) = Create();

        Assert.Equal(CollectionDecision.DenyListed, policy.Evaluate(s_staff));
        Assert.Equal(1, counters.Get(PrivacyCounter.DenyListedSightings));
        Assert.Equal(1, counters.Get(PrivacyCounter.DenyListedDevices));
    }

    [Fact]
    public void Evaluate_OutsideOpeningHours_IsDropped()
    {
        var (policy, counters, time) = Create();
        time.SetUtcNow(FootfallTestKit.At(12, 0));

        Assert.Equal(CollectionDecision.NotCollecting, policy.Evaluate(Address(1)));
        Assert.Equal(1, counters.Get(PrivacyCounter.NotCollectingSightings));
    }

    [Fact]
    public void Evaluate_NoCollectionSwitch_DropsEverything()
    {
        var (policy, _, _) = Create(o => o.CollectionEnabled = false);

        Assert.Equal(CollectionDecision.NotCollecting, policy.Evaluate(Address(1)));
        Assert.Equal(CollectionDecision.NotCollecting, policy.Evaluate(Address(2), s_optOutUuid));
    }
}
