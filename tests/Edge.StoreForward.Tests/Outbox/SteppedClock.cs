namespace Edge.StoreForward.Tests.Outbox;

/// <summary>
/// A wall clock that NTP can step backwards as well as forwards (FakeTimeProvider refuses to go back), with the
/// monotonic timestamp of the real system, as on a Pi.
/// </summary>
internal sealed class SteppedClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
