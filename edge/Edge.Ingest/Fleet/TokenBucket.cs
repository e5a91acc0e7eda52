namespace Edge.Ingest.Fleet;

/// <summary>A token bucket on <see cref="TimeProvider"/> timestamps: <c>burst</c> tokens, refilled at <c>rate</c> per second.</summary>
public sealed class TokenBucket
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly double _ratePerSecond;
    private readonly double _burst;
    private double _tokens;
    private long _refilledAt;
    private int _consecutiveRefusals;

    public TokenBucket(TimeProvider timeProvider, double ratePerSecond, int burst)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        _timeProvider = timeProvider;
        _ratePerSecond = ratePerSecond;
        _burst = burst;
        _tokens = burst;
        _refilledAt = timeProvider.GetTimestamp();
    }

    /// <summary>Refusals in a row since the last accepted message.</summary>
    public int ConsecutiveRefusals => Volatile.Read(ref _consecutiveRefusals);

    public bool TryTake()
    {
        lock (_gate)
        {
            var now = _timeProvider.GetTimestamp();
            _tokens = Math.Min(_burst, _tokens + (_timeProvider.GetElapsedTime(_refilledAt, now).TotalSeconds * _ratePerSecond));
            _refilledAt = now;
            if (_tokens >= 1)
            {
                _tokens -= 1;
                _consecutiveRefusals = 0;
                return true;
            }

            _consecutiveRefusals++;
            return false;
        }
    }
}
