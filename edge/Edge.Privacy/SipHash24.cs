using System.Buffers.Binary;
using System.Numerics;

namespace Edge.Privacy;

/// <summary>
/// SipHash-2-4 (Aumasson and Bernstein, 2012): a keyed 64-bit pseudorandom function for short inputs, about 20 ns for
/// a 7-byte address identity. Used only to tag entries of <see cref="PseudonymCache"/>: a tag, like a pseudonym, can
/// be linked to an address only by someone holding the key, which lives beside the pseudonym key and rotates with it.
/// </summary>
internal static class SipHash24
{
    public static ulong Compute(ulong key0, ulong key1, ReadOnlySpan<byte> message)
    {
        var v0 = key0 ^ 0x736f6d6570736575UL;
        var v1 = key1 ^ 0x646f72616e646f6dUL;
        var v2 = key0 ^ 0x6c7967656e657261UL;
        var v3 = key1 ^ 0x7465646279746573UL;
        var last = (ulong)message.Length << 56;
        while (message.Length >= 8)
        {
            var word = BinaryPrimitives.ReadUInt64LittleEndian(message);
            v3 ^= word;
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            v0 ^= word;
            message = message[8..];
        }

        for (var i = 0; i < message.Length; i++)
        {
            last |= (ulong)message[i] << (8 * i);
        }

        v3 ^= last;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        v0 ^= last;
        v2 ^= 0xff;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        return v0 ^ v1 ^ v2 ^ v3;
    }

    private static void Round(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        v0 += v1;
        v1 = BitOperations.RotateLeft(v1, 13);
        v1 ^= v0;
        v0 = BitOperations.RotateLeft(v0, 32);
        v2 += v3;
        v3 = BitOperations.RotateLeft(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = BitOperations.RotateLeft(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = BitOperations.RotateLeft(v1, 17);
        v1 ^= v2;
        v2 = BitOperations.RotateLeft(v2, 32);
    }
}
