namespace Edge.Hardware.DigitalInputs;

/// <summary>
/// Believes a new level only once it has held for the debounce time: contact bounce and short glitches never reach the pipeline.
/// Times are elapsed times on one clock (from <see cref="TimeProvider.GetElapsedTime(long)"/>).
/// </summary>
public sealed class Debouncer
{
    private readonly TimeSpan _debounce;
    private bool _raw;
    private TimeSpan _rawSince;

    public Debouncer(TimeSpan debounce, bool initialLevel, TimeSpan now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(debounce, TimeSpan.Zero);
        _debounce = debounce;
        _raw = initialLevel;
        Stable = initialLevel;
        _rawSince = now;
    }

    /// <summary>The debounced level.</summary>
    public bool Stable { get; private set; }

    /// <summary>Debounced changes since start.</summary>
    public long Transitions { get; private set; }

    /// <summary>Records the raw level seen at <paramref name="at"/> (from an edge callback or a poll).</summary>
    public void Observe(bool level, TimeSpan at)
    {
        Evaluate(at);
        if (level != _raw)
        {
            _raw = level;
            _rawSince = at;
        }
    }

    /// <summary>Commits the raw level if it has held long enough by <paramref name="now"/>; returns the debounced level.</summary>
    public bool Evaluate(TimeSpan now)
    {
        if (_raw != Stable && now - _rawSince >= _debounce)
        {
            Stable = _raw;
            Transitions++;
        }

        return Stable;
    }
}
