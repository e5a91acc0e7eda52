using Edge.Gateway.Privacy;

namespace Edge.Gateway.Beacons.Inputs;

/// <summary>
/// De-duplicates repeated sightings: one device seen by one scanner is let through at most once per
/// <see cref="FootfallOptions.SightingThrottle"/>. Bounded: when the table is full and nothing in it has expired,
/// the sighting is refused (and counted by the caller) rather than growing the table.
/// </summary>
internal sealed class SightingThrottle
{
    private readonly Dictionary<(Pseudonym Device, int Scanner), long> _lastAccepted = [];
    private readonly long _intervalTicks;
    private readonly int _capacity;
    private readonly Lock _gate = new();

    public SightingThrottle(TimeSpan interval, int capacity)
    {
        _intervalTicks = interval.Ticks;
        _capacity = capacity;
    }

    public ThrottleDecision Check(Pseudonym device, int scanner, DateTimeOffset now)
    {
        var ticks = now.UtcTicks;
        lock (_gate)
        {
            if (_lastAccepted.TryGetValue((device, scanner), out var last))
            {
                if (ticks - last < _intervalTicks && ticks >= last)
                {
                    return ThrottleDecision.Duplicate;
                }

                _lastAccepted[(device, scanner)] = ticks;
                return ThrottleDecision.Accept;
            }

            if (_lastAccepted.Count >= _capacity)
            {
                Prune(ticks);
                if (_lastAccepted.Count >= _capacity)
                {
                    return ThrottleDecision.Full;
                }
            }

            _lastAccepted[(device, scanner)] = ticks;
            return ThrottleDecision.Accept;
        }
    }

    private void Prune(long now)
    {
        foreach (var (key, last) in _lastAccepted)
        {
            if (now - last >= _intervalTicks)
            {
                _lastAccepted.Remove(key);
            }
        }
    }
}
