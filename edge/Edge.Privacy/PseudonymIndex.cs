namespace Edge.Privacy;

/// <summary>
/// A compact set of pseudonyms of one key epoch, each given a dense slot number (0, 1, 2...) under which its owner
/// keeps the device's state in its own <see cref="ChunkedArray{T}"/>s. Per pseudonym: the 16 key bytes, one bit of
/// occupancy and 5.3-8 bytes of hash index (4-byte buckets, at most three quarters full, grown by half), against about
/// 44 bytes for a <see cref="Dictionary{TKey, TValue}"/> entry with its bucket and twice that while it has just grown.
/// </summary>
/// <remarks>
/// <para>Open addressing with linear probing over slot numbers; the bucket is chosen by multiplicative hashing of both
/// halves of the pseudonym (PRF output, so an attacker choosing addresses cannot aim at one bucket) mapped onto any table length
/// (so the table can grow by half rather than double). Removal shifts
/// the following entries back instead of leaving tombstones, so lookups never slow down with churn.</para>
/// <para>Freed slots are reused last-freed first and iteration runs in slot order, as <see cref="Dictionary{TKey, TValue}"/>
/// does, so code ported from a dictionary sees devices in the same order.</para>
/// <para>Only the 128 bits of the pseudonym are stored, not its epoch: the owner keeps one epoch at a time and clears
/// the index when the key rotates. Not thread-safe: the owner locks.</para>
/// </remarks>
public sealed class PseudonymIndex
{
    private const int MinimumBuckets = 16;

    private readonly ChunkedArray<Key> _keys = new();
    private ulong[] _used = [];
    private int[] _buckets = new int[MinimumBuckets];
    private int _freeHead = -1;

    /// <summary>Pseudonyms in the index.</summary>
    public int Count { get; private set; }

    /// <summary>One past the highest slot ever handed out since the last <see cref="Clear"/>: iterate slots below it.</summary>
    public int HighWater { get; private set; }

    public bool IsUsed(int slot) => (uint)slot < (uint)HighWater && (_used[slot >> 6] & (1UL << slot)) != 0;

    public Pseudonym PseudonymAt(int slot, int epoch)
    {
        ref var key = ref _keys[slot];
        return new Pseudonym(key.High, key.Low, epoch);
    }

    /// <summary>The slot of <paramref name="device"/>, or -1.</summary>
    public int Find(Pseudonym device)
    {
        var high = device.Fingerprint;
        var low = device.LowBits;
        for (var i = Home(high, low); ; i = Next(i))
        {
            var entry = _buckets[i];
            if (entry == 0)
            {
                return -1;
            }

            ref var key = ref _keys[entry - 1];
            if (key.Low == low && key.High == high)
            {
                return entry - 1;
            }
        }
    }

    /// <summary>Adds a pseudonym that is not in the index (the caller looked it up first) and returns its new slot.</summary>
    public int Add(Pseudonym device)
    {
        if ((Count + 1) * 4L > _buckets.Length * 3L)
        {
            Rehash(_buckets.Length + (_buckets.Length / 2));
        }

        int slot;
        if (_freeHead >= 0)
        {
            slot = _freeHead;
            _freeHead = (int)_keys[slot].Low;
        }
        else
        {
            slot = HighWater++;
            _keys.EnsureSlot(slot);
            if ((slot >> 6) >= _used.Length)
            {
                Array.Resize(ref _used, Math.Max(8, _used.Length * 2));
            }
        }

        _keys[slot] = new Key(device.Fingerprint, device.LowBits);
        _used[slot >> 6] |= 1UL << slot;
        Count++;
        Insert(slot);
        return slot;
    }

    /// <summary>Removes the pseudonym held in <paramref name="slot"/>; the slot is handed out again by a later <see cref="Add"/>.</summary>
    public void Remove(int slot)
    {
        if (!IsUsed(slot))
        {
            throw new ArgumentOutOfRangeException(nameof(slot), slot, "The slot holds no pseudonym.");
        }

        var hole = Home(_keys[slot]);
        while (_buckets[hole] != slot + 1)
        {
            hole = Next(hole);
        }

        // Backward-shift deletion: move every later entry of the probe run whose home is not between the hole and
        // itself into the hole, so that no lookup ever stops early at the emptied bucket.
        for (var next = Next(hole); _buckets[next] != 0; next = Next(next))
        {
            var home = Home(_keys[_buckets[next] - 1]);
            if (Distance(home, next) >= Distance(hole, next))
            {
                _buckets[hole] = _buckets[next];
                hole = next;
            }
        }

        _buckets[hole] = 0;
        _used[slot >> 6] &= ~(1UL << slot);
        _keys[slot] = new Key(0, (ulong)(uint)_freeHead);
        _freeHead = slot;
        Count--;
    }

    /// <summary>Forgets every pseudonym and gives the memory back (key rotation, day change).</summary>
    public void Clear()
    {
        _keys.Release();
        _used = [];
        _buckets = new int[MinimumBuckets];
        _freeHead = -1;
        Count = 0;
        HighWater = 0;
    }

    // Multiplying by 2^64 / golden ratio spreads any input over the high bits; the high half of the product with the
    // length then maps them onto the buckets without a division.
    private int Home(ulong high, ulong low) =>
        (int)Math.BigMul(((high * 0xC2B2AE3D27D4EB4FUL) ^ low) * 0x9E3779B97F4A7C15UL, (ulong)_buckets.Length, out _);

    private int Home(in Key key) => Home(key.High, key.Low);

    private int Next(int bucket) => bucket + 1 == _buckets.Length ? 0 : bucket + 1;

    /// <summary>Probe steps from <paramref name="from"/> forward to <paramref name="to"/>, wrapping around.</summary>
    private int Distance(int from, int to) => to >= from ? to - from : to + _buckets.Length - from;

    private void Insert(int slot)
    {
        var i = Home(_keys[slot]);
        while (_buckets[i] != 0)
        {
            i = Next(i);
        }

        _buckets[i] = slot + 1;
    }

    private void Rehash(int buckets)
    {
        _buckets = new int[buckets];
        for (var slot = 0; slot < HighWater; slot++)
        {
            if (IsUsed(slot))
            {
                Insert(slot);
            }
        }
    }

    private readonly record struct Key(ulong High, ulong Low);
}
