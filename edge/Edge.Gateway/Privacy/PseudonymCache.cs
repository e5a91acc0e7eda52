using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Edge.Gateway.Privacy;

/// <summary>
/// The pseudonyms of the last few hundred identities, so that one advertisement heard by several scanners (each
/// sending its own message within milliseconds) costs one HMAC, not one per scanner. Direct-mapped: 256 entries of
/// 32 bytes (8 KiB, fixed, whatever the number of devices), each a SipHash tag of the identity under a key that
/// rotates with the pseudonym key, the pseudonym and its epoch. No raw identifier is stored.
/// </summary>
/// <remarks>
/// Owned by <see cref="Pseudonymizer"/>, which looks up only after it has checked that its key is current for the
/// instant, and wipes the whole cache (zeroes, in a pinned array the GC never copies) when the key rotates or is
/// disposed: no entry outlives its key. Striped locks keep an entry from being read half written; two identities
/// with the same 64-bit tag (chance 2^-64 per pair) would share a pseudonym.
/// </remarks>
internal sealed class PseudonymCache
{
    public const int Entries = 256;
    private const int StripeCount = 16;

    private readonly Entry[] _entries = GC.AllocateArray<Entry>(Entries, pinned: true);
    private readonly Lock[] _stripes = [.. Enumerable.Range(0, StripeCount).Select(_ => new Lock())];

    public bool TryGet(ulong tag, int epoch, out Pseudonym pseudonym)
    {
        var slot = (int)(tag & (Entries - 1));
        lock (_stripes[slot & (StripeCount - 1)])
        {
            ref var entry = ref _entries[slot];
            if (entry.Filled && entry.Tag == tag && entry.Epoch == epoch)
            {
                pseudonym = new Pseudonym(entry.High, entry.Low, epoch);
                return true;
            }
        }

        pseudonym = default;
        return false;
    }

    public void Set(ulong tag, Pseudonym pseudonym)
    {
        var slot = (int)(tag & (Entries - 1));
        lock (_stripes[slot & (StripeCount - 1)])
        {
            _entries[slot] = new Entry
            {
                Tag = tag,
                High = pseudonym.Fingerprint,
                Low = pseudonym.LowBits,
                Epoch = pseudonym.Epoch,
                Filled = true,
            };
        }
    }

    /// <summary>Zeroes the entry of <paramref name="tag"/> if it holds <paramref name="epoch"/> (a write that raced a rotation).</summary>
    public void Forget(ulong tag, int epoch)
    {
        var slot = (int)(tag & (Entries - 1));
        lock (_stripes[slot & (StripeCount - 1)])
        {
            if (_entries[slot].Tag == tag && _entries[slot].Epoch == epoch)
            {
                _entries[slot] = default;
            }
        }
    }

    /// <summary>Zeroes every entry.</summary>
    public void Wipe()
    {
        for (var stripe = 0; stripe < StripeCount; stripe++)
        {
            lock (_stripes[stripe])
            {
                for (var slot = stripe; slot < Entries; slot += StripeCount)
                {
                    CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_entries.AsSpan(slot, 1)));
                }
            }
        }
    }

    private struct Entry
    {
        public ulong Tag;
        public ulong High;
        public ulong Low;
        public int Epoch;
        public bool Filled;
    }
}
