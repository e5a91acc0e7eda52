using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Edge.Privacy;

/// <summary>
/// The layout and drawing of a pseudonym key: the HMAC-SHA256 midstate of a fresh 256-bit key, then the 128-bit
/// SipHash key that tags the pseudonym cache's entries (rotates with it).
/// </summary>
internal static class PseudonymKeyMaterial
{
    /// <summary>Words of a key state: the HMAC midstate, then four words of SipHash key.</summary>
    public const int StateWords = HmacSha256Midstate.StateWords + 4;

    /// <summary>Where the SipHash key starts in a key state.</summary>
    public const int TagKeyOffset = HmacSha256Midstate.StateWords;

    private const int KeyBytes = 32;

    /// <summary>
    /// A fresh 256-bit key, drawn on the stack and kept only as its HMAC-SHA256 state (the inner and outer padded key
    /// blocks already hashed, <see cref="HmacSha256Midstate"/>): what it takes to compute pseudonyms, no more. The
    /// state lives in a pinned array: the garbage collector never moves it, so no stale copy is left behind in the
    /// heap after it is zeroed. The key bytes themselves are zeroed at once. The last four words are a fresh random
    /// SipHash key for the pseudonym cache's tags.
    /// </summary>
    public static uint[] NewState()
    {
        Span<byte> key = stackalloc byte[KeyBytes];
        var state = GC.AllocateArray<uint>(StateWords, pinned: true);
        try
        {
            RandomNumberGenerator.Fill(key);
            HmacSha256Midstate.Precompute(key, state);
            RandomNumberGenerator.Fill(MemoryMarshal.AsBytes(state.AsSpan(TagKeyOffset)));
            return state;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Overwrites <paramref name="state"/> with zeros.</summary>
    public static void Zero(Span<uint> state) => CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(state));
}
