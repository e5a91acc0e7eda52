using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Edge.Privacy;

/// <summary>
/// HMAC-SHA256 (RFC 2104, FIPS 180-4) with the key's two padded blocks hashed once per key: the 16 words of state
/// after the inner (key XOR 0x36) and outer (key XOR 0x5C) blocks. A short message then costs two SHA-256 block
/// compressions and no call into OpenSSL; the one-shot <see cref="HMACSHA256.HashData(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/>
/// spent about 1.3-2 us per pseudonym here, most of it creating and freeing OpenSSL contexts, not hashing.
/// </summary>
/// <remarks>
/// The result is bit for bit HMAC-SHA256 (tests compare it with the framework's on random keys and messages).
/// SHA-256 has no secret-dependent branch or table lookup, so this is as constant-time as the native one. Every
/// buffer that held message bytes or key-derived words is zeroed before returning.
/// </remarks>
internal static class HmacSha256Midstate
{
    /// <summary>Words of state that <see cref="Precompute"/> writes: 8 inner, 8 outer.</summary>
    public const int StateWords = 16;

    public const int DigestBytes = 32;

    private const int BlockBytes = 64;

    // FIPS 180-4 section 4.2.2: first 32 bits of the fractional parts of the cube roots of the first 64 primes.
    private static ReadOnlySpan<uint> RoundConstants =>
    [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];

    // FIPS 180-4 section 5.3.3: first 32 bits of the fractional parts of the square roots of the first 8 primes.
    private static ReadOnlySpan<uint> InitialHash =>
        [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

    /// <summary>Hashes the key's inner and outer blocks into <paramref name="state"/> (16 words).</summary>
    public static void Precompute(ReadOnlySpan<byte> key, Span<uint> state)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(key.Length, BlockBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(state.Length, StateWords);
        Span<byte> block = stackalloc byte[BlockBytes];
        Span<uint> schedule = stackalloc uint[64];
        try
        {
            PadKey(key, block, 0x36);
            InitialHash.CopyTo(state[..8]);
            Compress(state[..8], block, schedule);
            PadKey(key, block, 0x5C);
            InitialHash.CopyTo(state[8..StateWords]);
            Compress(state[8..StateWords], block, schedule);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(block);
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(schedule));
        }
    }

    /// <summary>HMAC-SHA256 of <paramref name="message"/> under the key whose <paramref name="state"/> was precomputed.</summary>
    public static void Compute(ReadOnlySpan<uint> state, ReadOnlySpan<byte> message, Span<byte> digest)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(state.Length, StateWords);
        ArgumentOutOfRangeException.ThrowIfLessThan(digest.Length, DigestBytes);
        Span<uint> working = stackalloc uint[8];
        Span<uint> schedule = stackalloc uint[64];
        Span<byte> block = stackalloc byte[BlockBytes];
        try
        {
            // Inner hash: the key block was already absorbed, so the message is hashed as if it followed 64 bytes.
            state[..8].CopyTo(working);
            HashTail(working, message, BlockBytes, block, schedule);
            for (var i = 0; i < 8; i++)
            {
                BinaryPrimitives.WriteUInt32BigEndian(digest[(4 * i)..], working[i]);
            }

            // Outer hash of the 32-byte inner digest.
            state[8..StateWords].CopyTo(working);
            HashTail(working, digest[..DigestBytes], BlockBytes, block, schedule);
            for (var i = 0; i < 8; i++)
            {
                BinaryPrimitives.WriteUInt32BigEndian(digest[(4 * i)..], working[i]);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(working));
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(schedule));
            CryptographicOperations.ZeroMemory(block);
        }
    }

    private static void PadKey(ReadOnlySpan<byte> key, Span<byte> block, byte pad)
    {
        block.Fill(pad);
        for (var i = 0; i < key.Length; i++)
        {
            block[i] ^= key[i];
        }
    }

    /// <summary>Absorbs <paramref name="message"/> and the FIPS 180-4 padding; <paramref name="prefixBytes"/> were hashed before.</summary>
    private static void HashTail(Span<uint> hash, ReadOnlySpan<byte> message, int prefixBytes, Span<byte> block, Span<uint> schedule)
    {
        var totalBits = (ulong)(prefixBytes + message.Length) * 8;
        while (message.Length >= BlockBytes)
        {
            Compress(hash, message[..BlockBytes], schedule);
            message = message[BlockBytes..];
        }

        block.Clear();
        message.CopyTo(block);
        block[message.Length] = 0x80;
        if (message.Length >= BlockBytes - 8)
        {
            Compress(hash, block, schedule);
            block.Clear();
        }

        BinaryPrimitives.WriteUInt64BigEndian(block[(BlockBytes - 8)..], totalBits);
        Compress(hash, block, schedule);
    }

    private static void Compress(Span<uint> hash, ReadOnlySpan<byte> block, Span<uint> schedule)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(block.Length, BlockBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(schedule.Length, 64);
        ArgumentOutOfRangeException.ThrowIfLessThan(hash.Length, 8);

        // Lengths checked above: indexing through refs keeps the JIT's bounds checks out of the 64 rounds.
        ref var w = ref MemoryMarshal.GetReference(schedule);
        ref var k = ref MemoryMarshal.GetReference(RoundConstants);
        for (var t = 0; t < 16; t++)
        {
            Unsafe.Add(ref w, t) = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(4 * t, 4));
        }

        for (var t = 16; t < 64; t++)
        {
            var x = Unsafe.Add(ref w, t - 15);
            var y = Unsafe.Add(ref w, t - 2);
            var s0 = BitOperations.RotateRight(x, 7) ^ BitOperations.RotateRight(x, 18) ^ (x >> 3);
            var s1 = BitOperations.RotateRight(y, 17) ^ BitOperations.RotateRight(y, 19) ^ (y >> 10);
            Unsafe.Add(ref w, t) = Unsafe.Add(ref w, t - 16) + s0 + Unsafe.Add(ref w, t - 7) + s1;
        }

        // Eight rounds per iteration with the roles of a..h rotated by hand (FIPS 180-4 section 6.2.2, step 3):
        // T1 = h + S1(e) + Ch(e, f, g) + K + W; d += T1; h = T1 + S0(a) + Maj(a, b, c); then h is the next a.
        uint a = hash[0], b = hash[1], c = hash[2], d = hash[3], e = hash[4], f = hash[5], g = hash[6], h = hash[7];
        for (var t = 0; t < 64; t += 8)
        {
            h += Sum1(e) + Choose(e, f, g) + Unsafe.Add(ref k, t) + Unsafe.Add(ref w, t);
            d += h;
            h += Sum0(a) + Majority(a, b, c);
            g += Sum1(d) + Choose(d, e, f) + Unsafe.Add(ref k, t + 1) + Unsafe.Add(ref w, t + 1);
            c += g;
            g += Sum0(h) + Majority(h, a, b);
            f += Sum1(c) + Choose(c, d, e) + Unsafe.Add(ref k, t + 2) + Unsafe.Add(ref w, t + 2);
            b += f;
            f += Sum0(g) + Majority(g, h, a);
            e += Sum1(b) + Choose(b, c, d) + Unsafe.Add(ref k, t + 3) + Unsafe.Add(ref w, t + 3);
            a += e;
            e += Sum0(f) + Majority(f, g, h);
            d += Sum1(a) + Choose(a, b, c) + Unsafe.Add(ref k, t + 4) + Unsafe.Add(ref w, t + 4);
            h += d;
            d += Sum0(e) + Majority(e, f, g);
            c += Sum1(h) + Choose(h, a, b) + Unsafe.Add(ref k, t + 5) + Unsafe.Add(ref w, t + 5);
            g += c;
            c += Sum0(d) + Majority(d, e, f);
            b += Sum1(g) + Choose(g, h, a) + Unsafe.Add(ref k, t + 6) + Unsafe.Add(ref w, t + 6);
            f += b;
            b += Sum0(c) + Majority(c, d, e);
            a += Sum1(f) + Choose(f, g, h) + Unsafe.Add(ref k, t + 7) + Unsafe.Add(ref w, t + 7);
            e += a;
            a += Sum0(b) + Majority(b, c, d);
        }

        hash[0] += a;
        hash[1] += b;
        hash[2] += c;
        hash[3] += d;
        hash[4] += e;
        hash[5] += f;
        hash[6] += g;
        hash[7] += h;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Sum0(uint x) => BitOperations.RotateRight(x, 2) ^ BitOperations.RotateRight(x, 13) ^ BitOperations.RotateRight(x, 22);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Sum1(uint x) => BitOperations.RotateRight(x, 6) ^ BitOperations.RotateRight(x, 11) ^ BitOperations.RotateRight(x, 25);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Choose(uint x, uint y, uint z) => z ^ (x & (y ^ z));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Majority(uint x, uint y, uint z) => (x & y) | (z & (x | y));
}
