using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace Edge.Privacy;

/// <summary>Uniform integers from the operating system's CSPRNG, by masking and rejection (no modulo bias).</summary>
internal sealed class CryptoUniformSource : UniformSource
{
    public static CryptoUniformSource Instance { get; } = new();

    public override ulong NextBelow(ulong exclusiveBound)
    {
        ArgumentOutOfRangeException.ThrowIfZero(exclusiveBound);
        if (exclusiveBound == 1)
        {
            return 0;
        }

        var mask = ulong.MaxValue >> BitOperations.LeadingZeroCount(exclusiveBound - 1);
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            var candidate = BinaryPrimitives.ReadUInt64LittleEndian(bytes) & mask;
            if (candidate < exclusiveBound)
            {
                return candidate;
            }
        }
    }
}
