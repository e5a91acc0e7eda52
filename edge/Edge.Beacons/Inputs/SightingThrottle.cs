using Edge.Privacy;

namespace Edge.Beacons.Inputs;

/// <summary>
/// De-duplicates repeated sightings: one device seen by one scanner is let through at most once per
/// <see cref="FootfallOptions.SightingThrottle"/>. Bounded: when the table is full and nothing in it has expired,
/// the sighting is refused (and counted by the caller) rather than growing the table.
/// </summary>
/// <remarks>
/// <para>Called by every broker thread, so the table is split into stripes with a lock each, chosen by the pseudonym's
/// bits: two threads rarely wait for each other. An entry is a 64-bit fingerprint of (pseudonym, scanner) and the
/// last accepted time; two devices sharing a fingerprint (chance 2^-64 per pair) would only throttle each other for
/// a second.</para>
/// <para>Each stripe is an open-addressing table of two parallel arrays (12 bytes a slot, no per-entry object or
/// chain): at most three quarters full, grown by half when needed. Times are 32-bit offsets from the stripe's base
/// instant in units of one tick (for intervals up to 53 s; longer intervals use the smallest unit that fits), and
/// the base moves forward, by a rebuild, before an offset would overflow. Entries older than the interval behave
/// exactly like absent ones, so every rebuild leaves them out (and entries from more than a minute in the future
/// after the clock went back, which are accepted over like absent ones): the table holds the pairs heard within one
/// interval, 16-24 bytes each, where a dictionary entry cost 28 and twice that just after growing.</para>
/// </remarks>
internal sealed class SightingThrottle
{
    private const int StripeCount = 16;
    private const int MinimumSlots = 16;

    // Odd 64-bit constant (golden ratio) that spreads scanner indexes over all bits of the key.
    private const ulong ScannerMix = 0x9E3779B97F4A7C15UL;

    // Offsets are kept below 2^30 units by moving the base; an interval spans at most 2^29 units.
    private const long OffsetLimit = 1L << 30;

    private readonly Stripe[] _stripes;
    private readonly long _intervalTicks;
    private readonly long _unitTicks;
    private readonly int _stripeCapacity;

    public SightingThrottle(TimeSpan interval, int capacity)
    {
        _intervalTicks = interval.Ticks;
        _unitTicks = Math.Max(1, (_intervalTicks + (OffsetLimit / 2) - 1) / (OffsetLimit / 2));
        _stripeCapacity = Math.Max(1, (capacity + StripeCount - 1) / StripeCount);
        _stripes = new Stripe[StripeCount];
        for (var i = 0; i < StripeCount; i++)
        {
            _stripes[i] = new Stripe();
        }
    }

    public ThrottleDecision Check(Pseudonym device, int scanner, DateTimeOffset now)
    {
        var ticks = now.UtcTicks;
        var key = device.Fingerprint ^ ((ulong)(scanner + 1) * ScannerMix);

        // Zero marks an empty slot; the fingerprint that happens to be zero shares an entry with the one that is 1.
        key = key == 0 ? 1 : key;
        var stripe = _stripes[(int)(device.Fingerprint >> 60) & (StripeCount - 1)];
        lock (stripe.Gate)
        {
            if (stripe.Keys.Length > 0 && (ticks < stripe.BaseTicks || (ticks - stripe.BaseTicks) / _unitTicks >= OffsetLimit))
            {
                Rebuild(stripe, ticks, stripe.Keys.Length);
            }

            var slot = Find(stripe.Keys, key);
            if (slot >= 0 && stripe.Keys[slot] == key)
            {
                var last = stripe.BaseTicks + (stripe.Times[slot] * _unitTicks);
                if (ticks - last < _intervalTicks && ticks >= last)
                {
                    return ThrottleDecision.Duplicate;
                }

                stripe.Times[slot] = (int)((ticks - stripe.BaseTicks) / _unitTicks);
                return ThrottleDecision.Accept;
            }

            if (stripe.Count >= _stripeCapacity)
            {
                Rebuild(stripe, ticks, stripe.Keys.Length);
                if (stripe.Count >= _stripeCapacity)
                {
                    return ThrottleDecision.Full;
                }

                slot = -1;
            }

            if ((stripe.Count + 1) * 4L > stripe.Keys.Length * 3L)
            {
                // Drop what expired first; grow only if that does not leave the table at most half full.
                Rebuild(stripe, ticks, stripe.Keys.Length);
                if ((stripe.Count + 1) * 2L > stripe.Keys.Length)
                {
                    Rebuild(stripe, ticks, Math.Max(MinimumSlots, stripe.Keys.Length + (stripe.Keys.Length / 2)));
                }

                slot = -1;
            }

            if (slot < 0)
            {
                slot = Find(stripe.Keys, key);
            }

            stripe.Keys[slot] = key;
            stripe.Times[slot] = (int)((ticks - stripe.BaseTicks) / _unitTicks);
            stripe.Count++;
            return ThrottleDecision.Accept;
        }
    }

    /// <summary>The slot holding <paramref name="key"/>, or the empty slot where it belongs; -1 for a table with no slots.</summary>
    private static int Find(ulong[] keys, ulong key)
    {
        if (keys.Length == 0)
        {
            return -1;
        }

        // Multiply first (the stripe was chosen by the top bits), then map the product onto the table's length.
        var slot = (int)Math.BigMul(key * ScannerMix, (ulong)keys.Length, out _);
        while (keys[slot] != 0 && keys[slot] != key)
        {
            slot = slot + 1 == keys.Length ? 0 : slot + 1;
        }

        return slot;
    }

    /// <summary>
    /// Rehashes the stripe into <paramref name="slots"/> slots based one interval before <paramref name="now"/>,
    /// leaving out every entry older than the interval (and any too far in the future to be stored).
    /// </summary>
    private void Rebuild(Stripe stripe, long now, int slots)
    {
        var keys = new ulong[Math.Max(slots, MinimumSlots)];
        var times = new int[keys.Length];
        var baseTicks = now - _intervalTicks;
        var count = 0;
        for (var i = 0; i < stripe.Keys.Length; i++)
        {
            var key = stripe.Keys[i];
            var last = stripe.BaseTicks + (stripe.Times[i] * _unitTicks);
            if (key == 0 || now - last >= _intervalTicks || (last - baseTicks) / _unitTicks >= int.MaxValue)
            {
                continue;
            }

            var slot = Find(keys, key);
            keys[slot] = key;
            times[slot] = (int)((last - baseTicks) / _unitTicks);
            count++;
        }

        stripe.Keys = keys;
        stripe.Times = times;
        stripe.BaseTicks = baseTicks;
        stripe.Count = count;
    }

    private sealed class Stripe
    {
        public Lock Gate { get; } = new();

        public ulong[] Keys { get; set; } = [];

        /// <summary>Last accepted instant of each slot's pair: units since <see cref="BaseTicks"/>.</summary>
        public int[] Times { get; set; } = [];

        public long BaseTicks { get; set; }

        public int Count { get; set; }
    }
}
