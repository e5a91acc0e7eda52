namespace Edge.StoreForward.Outbox;

/// <summary>
/// Events per second, exponentially weighted over <see cref="TimeConstant"/> so a burst fades and a stall shows.
/// O(1) per event; not thread-safe (the outbox updates it under its lock).
/// </summary>
internal sealed class RateMeter
{
    public static readonly TimeSpan TimeConstant = TimeSpan.FromMinutes(5);

    private readonly TimeProvider _timeProvider;
    private readonly long _startedAt;
    private long _updatedAt;
    private double _accumulated;

    public RateMeter(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _startedAt = timeProvider.GetTimestamp();
        _updatedAt = _startedAt;
    }

    public void Add(double amount)
    {
        Decay();
        _accumulated += amount;
    }

    public double PerSecond()
    {
        Decay();
        var elapsed = _timeProvider.GetElapsedTime(_startedAt).TotalSeconds;
        var tau = TimeConstant.TotalSeconds;
        // The decayed sum over a run shorter than tau covers less than tau seconds: scale by the covered part.
        var covered = tau * (1 - Math.Exp(-elapsed / tau));
        return covered <= 1e-9 ? 0 : _accumulated / covered;
    }

    private void Decay()
    {
        var now = _timeProvider.GetTimestamp();
        var elapsed = _timeProvider.GetElapsedTime(_updatedAt, now).TotalSeconds;
        if (elapsed > 0)
        {
            _accumulated *= Math.Exp(-elapsed / TimeConstant.TotalSeconds);
            _updatedAt = now;
        }
    }
}
