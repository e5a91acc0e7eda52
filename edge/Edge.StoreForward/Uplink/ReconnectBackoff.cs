using System.Security.Cryptography;

namespace Edge.StoreForward.Uplink;

/// <summary>
/// Decorrelated jitter (each delay uniform between the base and three times the previous one, capped), so a thousand
/// gateways cut off by one broker restart do not come back in lockstep.
/// </summary>
public sealed class ReconnectBackoff
{
    private readonly TimeSpan _base;
    private readonly TimeSpan _cap;
    private TimeSpan _previous;

    public ReconnectBackoff(TimeSpan baseDelay, TimeSpan cap)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, baseDelay);
        _base = baseDelay;
        _cap = cap;
        _previous = baseDelay;
    }

    public TimeSpan Next()
    {
        var upper = Math.Min(_cap.Ticks, _previous.Ticks * 3);
        var ticks = upper <= _base.Ticks ? _base.Ticks : _base.Ticks + (long)(RandomFraction() * (upper - _base.Ticks));
        _previous = TimeSpan.FromTicks(Math.Min(ticks, _cap.Ticks));
        return _previous;
    }

    public void Reset() => _previous = _base;

    private static double RandomFraction() => RandomNumberGenerator.GetInt32(int.MaxValue) / (double)int.MaxValue;
}
