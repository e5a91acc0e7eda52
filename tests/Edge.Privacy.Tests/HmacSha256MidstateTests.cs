using System.Security.Cryptography;
using Edge.Privacy;

namespace Edge.Privacy.Tests;

public sealed class HmacSha256MidstateTests
{
    [Fact]
    public void Compute_Rfc4231TestCase2_GivesThePublishedMac()
    {
        // RFC 4231 section 4.3: key "Jefe", data "what do ya want for nothing?".
        var state = new uint[HmacSha256Midstate.StateWords];
        HmacSha256Midstate.Precompute("Jefe"u8, state);
        var digest = new byte[HmacSha256Midstate.DigestBytes];

        HmacSha256Midstate.Compute(state, "what do ya want for nothing?"u8, digest);

        Assert.Equal("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void Compute_RandomKeysAndEveryLengthAcrossThreeBlocks_MatchesTheFramework()
    {
        var random = new Random(7);
        var state = new uint[HmacSha256Midstate.StateWords];
        var ours = new byte[HmacSha256Midstate.DigestBytes];
        for (var length = 0; length <= 200; length++)
        {
            var key = new byte[1 + random.Next(64)];
            random.NextBytes(key);
            var message = new byte[length];
            random.NextBytes(message);
            HmacSha256Midstate.Precompute(key, state);

            HmacSha256Midstate.Compute(state, message, ours);

            Assert.Equal(HMACSHA256.HashData(key, message), ours);
        }
    }

    [Fact]
    public void Precompute_DifferentKeys_GiveDifferentMacs()
    {
        var first = new uint[HmacSha256Midstate.StateWords];
        var second = new uint[HmacSha256Midstate.StateWords];
        HmacSha256Midstate.Precompute([1, 2, 3], first);
        HmacSha256Midstate.Precompute([1, 2, 4], second);
        var a = new byte[32];
        var b = new byte[32];

        HmacSha256Midstate.Compute(first, [0x4A, 0x00, 0x01], a);
        HmacSha256Midstate.Compute(second, [0x4A, 0x00, 0x01], b);

        Assert.NotEqual(a, b);
    }
}
