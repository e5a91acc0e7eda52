using Edge.Gateway.Privacy;

namespace Edge.Gateway.Beacons.Inputs;

/// <summary>
/// De-duplicates repeated sightings: one device seen by one scanner is let through at most once per
/// <see cref="FootfallOptions.SightingThrottle"/>. Bounded: when the table is full and nothing in it has expired,
/// the sighting is refused (and counted by the caller) rather than growing the table.
/// </summary>
/// <remarks>
/// Called by every broker thread, so the table is split into stripes with a lock each, chosen by the pseudonym's
/// bits: two threads rarely wait for each other. An entry is a 64-bit fingerprint of (pseudonym, scanner) and the
/// last accepted time, 28 bytes with its share of the buckets; two devices sharing a fingerprint (chance 2^-64 per
/// pair) would only throttle each other for a second.
/// </remarks>
internal sealed class SightingThrottle
{
    private const int StripeCount = 16;

    // Odd 64-bit constant (golden ratio) that spreads scanner indexes over all bits of the key.
    private const ulong ScannerMix = 0x9E3779B97F4A7C15UL;

    private readonly Stripe[] _stripes;
    private readonly long _intervalTicks;
    private readonly int _stripeCapacity;

    public SightingThrottle(TimeSpan interval, int capacity)
    {
        _intervalTicks = interval.Ticks;
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
        var stripe = _stripes[(int)(device.Fingerprint >> 60) & (StripeCount - 1)];
        lock (stripe.Gate)
        {
            var lastAccepted = stripe.LastAccepted;
            if (lastAccepted.TryGetValue(key, out var last))
            {
                if (ticks - last < _intervalTicks && ticks >= last)
                {
                    return ThrottleDecision.Duplicate;
                }

                lastAccepted[key] = ticks;
                return ThrottleDecision.Accept;
            }

            if (lastAccepted.Count >= _stripeCapacity)
            {
                Prune(lastAccepted, ticks);
                if (lastAccepted.Count >= _stripeCapacity)
                {
                    return ThrottleDecision.Full;
                }
            }

            lastAccepted[key] = ticks;
            return ThrottleDecision.Accept;
        }
    }

    private void Prune(Dictionary<ulong, long> lastAccepted, long now)
    {
        foreach (var (key, last) in lastAccepted)
        {
            if (now - last >= _intervalTicks)
            {
                lastAccepted.Remove(key);
            }
        }
    }

    private sealed class Stripe
    {
        public Lock Gate { get; } = new();

        public Dictionary<ulong, long> LastAccepted { get; } = [];
    }
}
