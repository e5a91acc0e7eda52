using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Edge.Privacy;

/// <summary>
/// Estimates how many distinct devices were dropped without keeping them: linear counting (Whang et al. 1990) over
/// 4096 bits, each device setting the bit chosen by 12 bits of an HMAC under a throwaway key. A bit is shared by
/// many possible devices and the key is forgotten at <see cref="Reset"/>, so the sketch cannot tell who was seen.
/// </summary>
internal sealed class DistinctSketch
{
    private const int Bits = 4096;
    private readonly ulong[] _words = new ulong[Bits / 64];
    private readonly byte[] _key = GC.AllocateUninitializedArray<byte>(32, pinned: true);

    public DistinctSketch() => Reset();

    public void Add(ReadOnlySpan<byte> identifier)
    {
        Span<byte> digest = stackalloc byte[32];
        HMACSHA256.HashData(_key, identifier, digest);
        var bit = BinaryPrimitives.ReadUInt16LittleEndian(digest) % Bits;
        CryptographicOperations.ZeroMemory(digest);
        _words[bit / 64] |= 1UL << (bit % 64);
    }

    public long Estimate()
    {
        var set = 0;
        foreach (var word in _words)
        {
            set += System.Numerics.BitOperations.PopCount(word);
        }

        var zeros = Bits - set;
        return zeros == 0 ? Bits * 8 : (long)Math.Round(-Bits * Math.Log(zeros / (double)Bits));
    }

    public void Reset()
    {
        Array.Clear(_words);
        RandomNumberGenerator.Fill(_key);
    }
}
