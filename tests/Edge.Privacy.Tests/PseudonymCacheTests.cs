using Edge.Privacy;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Privacy.Tests;

public sealed class PseudonymCacheTests
{
    private static readonly byte[] s_key = [.. Enumerable.Range(0, 16).Select(i => (byte)i)];

    [Fact]
    public void SipHash24_ReferenceVectors_MatchThePaper()
    {
        // Aumasson and Bernstein, "SipHash: a fast short-input PRF", appendix A: key 00..0f, message 00..0e.
        var key0 = BitConverter.ToUInt64(s_key, 0);
        var key1 = BitConverter.ToUInt64(s_key, 8);
        byte[] message = [.. Enumerable.Range(0, 15).Select(i => (byte)i)];

        Assert.Equal(0xa129ca6149be45e5UL, SipHash24.Compute(key0, key1, message));
        Assert.Equal(0x726fdb47dd0e0e31UL, SipHash24.Compute(key0, key1, []));
    }

    [Fact]
    public void Pseudonymize_ManyIdentitiesTwice_CacheNeverAnswersForAnotherIdentity()
    {
        using var pseudonymizer = new Pseudonymizer();
        var identities = Enumerable.Range(0, 20_000).Select(i => BitConverter.GetBytes(i)).ToArray();

        // Each identity twice in a row (a hit) and again after thousands of others (evicted: the HMAC again).
        var first = identities.Select(i => (pseudonymizer.Pseudonymize(i), pseudonymizer.Pseudonymize(i))).ToArray();
        var again = identities.Select(i => pseudonymizer.Pseudonymize(i)).ToArray();

        Assert.All(first, pair => Assert.Equal(pair.Item1, pair.Item2));
        Assert.Equal(first.Select(pair => pair.Item1), again);
        Assert.Equal(identities.Length, again.Distinct().Count());
    }

    [Fact]
    public void Pseudonymize_JustAfterTheRotationTime_NeverAnswersFromTheCache()
    {
        var time = new FakeTimeProvider(FootfallTestKit.At(3, 59, 59));
        using var pseudonymizer = new Pseudonymizer(time, Options.Create(new PrivacyOptions { KeyRotationTime = new TimeOnly(4, 0) }));
        byte[] address = [0x4D, 1, 2, 3, 4, 5, 6];
        var before = pseudonymizer.Pseudonymize(address);
        Assert.Equal(before, pseudonymizer.Pseudonymize(address));

        time.Advance(TimeSpan.FromSeconds(1));
        var after = pseudonymizer.Pseudonymize(address);

        Assert.NotEqual(before, after);
        Assert.Equal(before.Epoch + 1, after.Epoch);
        Assert.Equal(after, pseudonymizer.Pseudonymize(address));
    }

    [Fact]
    public void Wipe_FilledCache_ForgetsEveryEntry()
    {
        var cache = new PseudonymCache();
        for (var tag = 0UL; tag < PseudonymCache.Entries; tag++)
        {
            cache.Set(tag, new Pseudonym(tag, ~tag, 4));
        }

        Assert.True(cache.TryGet(7, 4, out var found));
        Assert.Equal(new Pseudonym(7, ~7UL, 4), found);
        Assert.False(cache.TryGet(7, 5, out _));

        cache.Wipe();

        Assert.All(Enumerable.Range(0, PseudonymCache.Entries), tag => Assert.False(cache.TryGet((ulong)tag, 4, out _)));
    }
}

public sealed class PseudonymCacheConcurrencyTests
{
    [Fact]
    public void Pseudonymize_FourThreadsOnOverlappingIdentities_AgreeWithOneThread()
    {
        using var pseudonymizer = new Pseudonymizer();
        var identities = Enumerable.Range(0, 600).Select(i => BitConverter.GetBytes(i % 300)).ToArray();
        var expected = identities.Select(i => pseudonymizer.Pseudonymize(i)).ToArray();
        var mismatches = 0;

        Parallel.For(0, 4, worker =>
        {
            for (var round = 0; round < 50; round++)
            {
                for (var i = 0; i < identities.Length; i++)
                {
                    var index = (i + (worker * 97)) % identities.Length;
                    if (pseudonymizer.Pseudonymize(identities[index]) != expected[index])
                    {
                        Interlocked.Increment(ref mismatches);
                    }
                }
            }
        });

        Assert.Equal(0, mismatches);
    }
}
