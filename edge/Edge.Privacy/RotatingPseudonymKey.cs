namespace Edge.Privacy;

/// <summary>
/// The pseudonymizer's current key and its epochs: when it is due (its key day is over, the clock jumped to another
/// day, or it is 24 h old), replacing it (the old state zeroed, the pseudonym cache wiped), and handing a copy of it to
/// each call, without a lock while it is current.
/// </summary>
/// <remarks>
/// A key serves exactly one key day (local days that start at <see cref="PrivacyOptions.KeyRotationTime"/>) and at
/// most 24 hours of monotonic time. Every copy checks the wall clock: when its key day differs from the key's, in
/// either direction, the key is replaced first. So no key is ever shared by two days, whatever the clock does.
/// </remarks>
internal sealed class RotatingPseudonymKey : IDisposable
{
    private static readonly TimeSpan s_maxKeyAge = TimeSpan.FromHours(24);

    private readonly Lock _gate = new();
    private readonly PseudonymCache _cache;
    private readonly TimeProvider _timeProvider;
    private readonly FootfallCalendar _calendar;
    private readonly long _maxKeyAgeTimestampTicks;
    private uint[] _keyState;
    private int _epoch;
    private DateOnly _keyDay;
    private long _keyCreatedTimestamp;

    // Instants (UTC ticks) already checked to be in the key's day: [_dayCheckedFromTicks, _dayCheckedUntilTicks). The
    // key day of an instant never decreases as the instant grows, so every instant in between is in the same day and
    // needs no calendar arithmetic (time-zone conversion) per call; anything outside, a clock jump either way
    // included, is checked.
    private long _dayCheckedFromTicks;
    private long _dayCheckedUntilTicks;
    private bool _disposed;

    // Sequence number of the fields above: odd while a writer (holding _gate) changes them. CopyCurrent copies the
    // key state without the lock and keeps the copy only if the number was even and unchanged across the copy, so a
    // call never hashes under a key being replaced or zeroed (it retries, or takes the lock).
    private int _version;

    public RotatingPseudonymKey(TimeProvider timeProvider, FootfallCalendar calendar, PseudonymCache cache)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(cache);
        _timeProvider = timeProvider;
        _calendar = calendar;
        _cache = cache;
        _maxKeyAgeTimestampTicks = (long)(s_maxKeyAge.TotalSeconds * timeProvider.TimestampFrequency);
        _keyState = PseudonymKeyMaterial.NewState();
        var now = timeProvider.GetUtcNow();
        _keyDay = _calendar.KeyDay(now);
        _keyCreatedTimestamp = timeProvider.GetTimestamp();
        MarkDayCheckedLocked(now);
    }

    /// <summary>Current key epoch; increases at every rotation.</summary>
    public int Epoch
    {
        get
        {
            lock (_gate)
            {
                return _epoch;
            }
        }
    }

    /// <summary>Key day the current key serves (local date of the last rotation time).</summary>
    public DateOnly KeyDay
    {
        get
        {
            lock (_gate)
            {
                return _keyDay;
            }
        }
    }

    /// <summary>
    /// Copies the key state that is current now into <paramref name="state"/> (<see cref="PseudonymKeyMaterial.StateWords"/>
    /// words, the caller zeroes it) and returns its epoch, replacing the key first when it is due.
    /// </summary>
    public int CopyCurrent(Span<uint> state)
    {
        if (TryCopyCurrent(_timeProvider.GetUtcNow(), _timeProvider.GetTimestamp(), state, out var epoch))
        {
            return epoch;
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, typeof(Pseudonymizer));

            // The clock again, under the lock: a reading taken before another thread rotated at a day boundary must
            // not rotate back to the previous day's (new) key.
            RotateIfDueLocked(_timeProvider.GetUtcNow(), _timeProvider.GetTimestamp());
            _keyState.CopyTo(state);
            return _epoch;
        }
    }

    /// <summary>True when the key of <paramref name="epoch"/> has been replaced or zeroed since it was copied.</summary>
    public bool IsRetired(int epoch) => Volatile.Read(ref _epoch) != epoch || Volatile.Read(ref _disposed);

    /// <summary>Replaces the key when the clock says it is due.</summary>
    /// <returns>True when the key was replaced.</returns>
    public bool RotateIfDue()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, typeof(Pseudonymizer));
            return RotateIfDueLocked(_timeProvider.GetUtcNow(), _timeProvider.GetTimestamp());
        }
    }

    /// <summary>Draws a fresh key and zeroes the old one.</summary>
    public void Rotate()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, typeof(Pseudonymizer));
            var now = _timeProvider.GetUtcNow();
            var day = _calendar.KeyDay(now);
            BeginWriteLocked();
            try
            {
                ReplaceKeyLocked(day);
                MarkDayCheckedLocked(now);
            }
            finally
            {
                EndWriteLocked();
            }
        }
    }

    /// <summary>The lock-free path: false when the key may be due for rotation, is being changed, or is disposed.</summary>
    private bool TryCopyCurrent(DateTimeOffset now, long timestamp, Span<uint> state, out int epoch)
    {
        var nowTicks = now.UtcTicks;
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var version = Volatile.Read(ref _version);
            if ((version & 1) != 0 || Volatile.Read(ref _disposed) ||
                timestamp - Volatile.Read(ref _keyCreatedTimestamp) >= _maxKeyAgeTimestampTicks ||
                nowTicks < Volatile.Read(ref _dayCheckedFromTicks) || nowTicks >= Volatile.Read(ref _dayCheckedUntilTicks))
            {
                break;
            }

            Volatile.Read(ref _keyState).CopyTo(state);
            epoch = Volatile.Read(ref _epoch);
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref _version) == version)
            {
                return true;
            }
        }

        epoch = 0;
        return false;
    }

    private bool RotateIfDueLocked(DateTimeOffset now, long timestamp)
    {
        var young = timestamp - _keyCreatedTimestamp < _maxKeyAgeTimestampTicks;
        if (young && now.UtcTicks >= _dayCheckedFromTicks && now.UtcTicks < _dayCheckedUntilTicks)
        {
            return false;
        }

        var day = _calendar.KeyDay(now);
        BeginWriteLocked();
        try
        {
            if (day == _keyDay && young)
            {
                MarkDayCheckedLocked(now);
                return false;
            }

            ReplaceKeyLocked(day);
            MarkDayCheckedLocked(now);
            return true;
        }
        finally
        {
            EndWriteLocked();
        }
    }

    private void MarkDayCheckedLocked(DateTimeOffset now)
    {
        if (_dayCheckedUntilTicks == 0)
        {
            _dayCheckedFromTicks = now.UtcTicks;
            _dayCheckedUntilTicks = _calendar.NextRotation(now).UtcTicks;
            return;
        }

        if (now.UtcTicks < _dayCheckedFromTicks)
        {
            _dayCheckedFromTicks = now.UtcTicks;
        }

        if (now.UtcTicks >= _dayCheckedUntilTicks)
        {
            _dayCheckedUntilTicks = _calendar.NextRotation(now).UtcTicks;
        }
    }

    /// <summary>Only between <see cref="BeginWriteLocked"/> and <see cref="EndWriteLocked"/>.</summary>
    private void ReplaceKeyLocked(DateOnly day)
    {
        var old = _keyState;
        _keyState = PseudonymKeyMaterial.NewState();
        _epoch++;
        _keyDay = day;
        _keyCreatedTimestamp = _timeProvider.GetTimestamp();
        _dayCheckedUntilTicks = 0;
        PseudonymKeyMaterial.Zero(old);
        _cache.Wipe();
    }

    // Full fences (Interlocked): no change to the key or its checks is visible before the number turns odd, and the
    // number turns even only after all of them.
    private void BeginWriteLocked() => Interlocked.Increment(ref _version);

    private void EndWriteLocked() => Interlocked.Increment(ref _version);

    /// <summary>Zeroes the key and wipes the cache; every later copy throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            BeginWriteLocked();
            _disposed = true;
            PseudonymKeyMaterial.Zero(_keyState);
            _cache.Wipe();
            EndWriteLocked();
        }
    }
}
