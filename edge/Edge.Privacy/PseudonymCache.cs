namespace Edge.Privacy;

/// <summary>
/// The pseudonyms of the last few hundred identities, so that one advertisement heard by several scanners (each
/// sending its own message within milliseconds) costs one HMAC, not one per scanner. Direct-mapped: 256 entries of
/// 32 bytes (8 KiB, fixed, whatever the number of devices), each a SipHash tag of the identity under a key that
/// rotates with the pseudonym key, the pseudonym and its epoch. No raw identifier is stored.
/// </summary>
/// <remarks>
/// <para>Owned by <see cref="Pseudonymizer"/>, which looks up only after its <see cref="RotatingPseudonymKey"/> has checked
/// that the key is current for the instant; that key wipes the whole cache (in a pinned array the GC never copies) when
/// it rotates or is disposed: no entry outlives its key. Two identities with the same 64-bit tag (chance 2^-64 per pair) would share a pseudonym.</para>
/// <para>No lock: every ingest thread uses the cache, and shared lock objects would trade their cache lines between
/// the cores on every sighting. Each entry carries a sequence number instead, odd while a writer fills it: a reader
/// keeps what it read only if the number was even and unchanged across the read (else it is a miss), and a writer
/// that finds the entry taken by another writer skips it (it is only a cache).</para>
/// </remarks>
internal sealed class PseudonymCache
{
    public const int Entries = 256;

    private readonly Entry[] _entries = GC.AllocateArray<Entry>(Entries, pinned: true);

    public bool TryGet(ulong tag, int epoch, out Pseudonym pseudonym)
    {
        ref var entry = ref _entries[(int)(tag & (Entries - 1))];
        var before = Volatile.Read(ref entry.Version);
        var storedTag = entry.Tag;
        var storedEpoch = entry.EpochPlusOne;
        var high = entry.High;
        var low = entry.Low;

        // The fields must be read before the sequence number is read again (as RotatingPseudonymKey's copy does).
        Interlocked.MemoryBarrier();
        if ((before & 1) == 0 && Volatile.Read(ref entry.Version) == before && storedTag == tag && storedEpoch == epoch + 1)
        {
            pseudonym = new Pseudonym(high, low, epoch);
            return true;
        }

        pseudonym = default;
        return false;
    }

    public void Set(ulong tag, Pseudonym pseudonym)
    {
        ref var entry = ref _entries[(int)(tag & (Entries - 1))];
        if (!TryTake(ref entry, out var version))
        {
            return;
        }

        entry.Tag = tag;
        entry.High = pseudonym.Fingerprint;
        entry.Low = pseudonym.LowBits;
        entry.EpochPlusOne = pseudonym.Epoch + 1;
        Volatile.Write(ref entry.Version, version + 2);
    }

    /// <summary>Zeroes the entry of <paramref name="tag"/> if it holds <paramref name="epoch"/> (a write that raced a rotation).</summary>
    public void Forget(ulong tag, int epoch)
    {
        ref var entry = ref _entries[(int)(tag & (Entries - 1))];
        var version = Take(ref entry);
        if (entry.Tag == tag && entry.EpochPlusOne == epoch + 1)
        {
            Clear(ref entry);
        }

        Volatile.Write(ref entry.Version, version + 2);
    }

    /// <summary>Zeroes every entry (waiting for a writer that is filling one).</summary>
    public void Wipe()
    {
        for (var i = 0; i < Entries; i++)
        {
            ref var entry = ref _entries[i];
            var version = Take(ref entry);
            Clear(ref entry);
            Volatile.Write(ref entry.Version, version + 2);
        }
    }

    private static void Clear(ref Entry entry)
    {
        entry.Tag = 0;
        entry.High = 0;
        entry.Low = 0;
        entry.EpochPlusOne = 0;
    }

    /// <summary>Makes the sequence number odd for this writer; false when another writer holds the entry.</summary>
    private static bool TryTake(ref Entry entry, out int version)
    {
        version = Volatile.Read(ref entry.Version);
        return (version & 1) == 0 && Interlocked.CompareExchange(ref entry.Version, version + 1, version) == version;
    }

    private static int Take(ref Entry entry)
    {
        var spin = new SpinWait();
        int version;
        while (!TryTake(ref entry, out version))
        {
            spin.SpinOnce();
        }

        return version;
    }

    private struct Entry
    {
        public int Version;

        /// <summary>The pseudonym's epoch plus one: 0 marks an empty entry.</summary>
        public int EpochPlusOne;
        public ulong Tag;
        public ulong High;
        public ulong Low;
    }
}
