using Edge.StoreForward.Uplink;

namespace Edge.StoreForward.Tests.Uplink;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void Next_ManyFailures_StaysBetweenBaseAndCapAndSpreads()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));

        var delays = Enumerable.Range(0, 200).Select(_ => backoff.Next()).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)));
        // Decorrelated jitter: a thousand gateways must not agree on their delays.
        Assert.True(delays.Distinct().Count() > 150);
        Assert.Contains(delays, d => d > TimeSpan.FromSeconds(15));
    }

    [Fact]
    public void Reset_AfterGrowth_StartsAgainNearBase()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));
        for (var i = 0; i < 50; i++)
        {
            backoff.Next();
        }

        backoff.Reset();

        Assert.InRange(backoff.Next(), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15));
    }
}
