namespace Edge.Privacy.Tests;

/// <summary>
/// A clock whose wall time can be set backwards (what an NTP correction or a Pi without RTC does), unlike
/// FakeTimeProvider, while its monotonic timestamp only ever advances.
/// </summary>
internal sealed class JumpingClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _wall = start;
    private long _monotonicTicks;

    public override DateTimeOffset GetUtcNow() => _wall;

    public override long GetTimestamp() => _monotonicTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>Real time passes: both clocks advance.</summary>
    public void Advance(TimeSpan elapsed)
    {
        _wall += elapsed;
        _monotonicTicks += elapsed.Ticks;
    }

    /// <summary>Only the wall clock is set, in either direction.</summary>
    public void SetWallClock(DateTimeOffset wall) => _wall = wall;
}
