using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Privacy;

/// <summary>
/// Replaces a raw device identifier by a keyed HMAC-SHA256 pseudonym. The 256-bit key comes from
/// <see cref="RandomNumberGenerator"/>, lives only in this object's memory (never logged, never on disk) and is
/// zeroed when replaced, so a pseudonym cannot be recomputed after rotation or restart.
/// </summary>
/// <remarks>
/// A key serves exactly one key day (local days that start at <see cref="PrivacyOptions.KeyRotationTime"/>) and at
/// most 24 hours of monotonic time. Every call checks the wall clock: when its key day differs from the key's, in
/// either direction (a clock jumped forward or back), the key is replaced before hashing. So no key, and no
/// pseudonym, is ever shared by two days, whatever the clock does. A new process starts with a new key.
/// </remarks>
public sealed class Pseudonymizer : IDisposable
{
    private const int KeyBytes = 32;
    private static readonly TimeSpan s_maxKeyAge = TimeSpan.FromHours(24);

    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly FootfallCalendar _calendar;
    private readonly long _maxKeyAgeTimestampTicks;
    private uint[] _keyState;
    private int _epoch;
    private DateOnly _keyDay;
    private long _keyCreatedTimestamp;

    // Instants already checked to be in the key's day: [_dayCheckedFrom, _dayCheckedUntil). The key day of an instant
    // never decreases as the instant grows, so every instant in between is in the same day and needs no calendar
    // arithmetic (time-zone conversion) per call; anything outside, a clock jump either way included, is checked.
    private DateTimeOffset _dayCheckedFrom;
    private DateTimeOffset _dayCheckedUntil;
    private bool _disposed;

    /// <summary>A pseudonymizer on the system clock with the default rotation time (04:00 local).</summary>
    public Pseudonymizer()
        : this(TimeProvider.System, Options.Create(new PrivacyOptions()))
    {
    }

    public Pseudonymizer(TimeProvider timeProvider, IOptions<PrivacyOptions> options)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _calendar = new FootfallCalendar(options, timeProvider);
        _maxKeyAgeTimestampTicks = (long)(s_maxKeyAge.TotalSeconds * timeProvider.TimestampFrequency);
        _keyState = NewKeyState();
        var now = timeProvider.GetUtcNow();
        _keyDay = _calendar.KeyDay(now);
        _keyCreatedTimestamp = timeProvider.GetTimestamp();
        MarkDayChecked(now);
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

    /// <summary>Pseudonym of <paramref name="rawIdentifier"/> under the current key. The caller should clear its copy of the identifier.</summary>
    /// <remarks>
    /// Thread-safe and lock-light: under the lock only the rotation check and a copy of the key state onto this call's
    /// stack; the hashing runs outside it, so broker threads pseudonymize in parallel. A rotation zeroes the shared
    /// state, never a copy in use, so no call ever hashes under a half-zeroed key.
    /// </remarks>
    public Pseudonym Pseudonymize(ReadOnlySpan<byte> rawIdentifier)
    {
        Span<uint> state = stackalloc uint[HmacSha256Midstate.StateWords];
        Span<byte> digest = stackalloc byte[HmacSha256Midstate.DigestBytes];
        int epoch;
        try
        {
            // Clocks read before the lock keeps the critical section to a few comparisons and a 64-byte copy.
            var now = _timeProvider.GetUtcNow();
            var timestamp = _timeProvider.GetTimestamp();
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                RotateIfDueLocked(now, timestamp);
                _keyState.CopyTo(state);
                epoch = _epoch;
            }

            HmacSha256Midstate.Compute(state, rawIdentifier, digest);
            return new Pseudonym(
                BinaryPrimitives.ReadUInt64LittleEndian(digest),
                BinaryPrimitives.ReadUInt64LittleEndian(digest[8..]),
                epoch);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(state));
            CryptographicOperations.ZeroMemory(digest);
        }
    }

    /// <summary>
    /// Replaces the key when the clock says its day is over (or has jumped to another day), or it is 24 h old.
    /// Called by the footfall service on every tick so the key is zeroed on time even when no device is seen.
    /// </summary>
    /// <returns>True when the key was replaced.</returns>
    public bool RotateIfDue()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return RotateIfDueLocked(_timeProvider.GetUtcNow(), _timeProvider.GetTimestamp());
        }
    }

    /// <summary>Draws a fresh key and zeroes the old one: no pseudonym of the previous epoch can be produced again.</summary>
    public void Rotate()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ReplaceKeyLocked(_calendar.KeyDay(_timeProvider.GetUtcNow()));
        }
    }

    private bool RotateIfDueLocked(DateTimeOffset now, long timestamp)
    {
        var young = timestamp - _keyCreatedTimestamp < _maxKeyAgeTimestampTicks;
        if (young && now >= _dayCheckedFrom && now < _dayCheckedUntil)
        {
            return false;
        }

        var day = _calendar.KeyDay(now);
        if (day == _keyDay && young)
        {
            MarkDayChecked(now);
            return false;
        }

        ReplaceKeyLocked(day);
        MarkDayChecked(now);
        return true;
    }

    private void MarkDayChecked(DateTimeOffset now)
    {
        if (_dayCheckedUntil == default)
        {
            _dayCheckedFrom = now;
            _dayCheckedUntil = _calendar.NextRotation(now);
            return;
        }

        if (now < _dayCheckedFrom)
        {
            _dayCheckedFrom = now;
        }

        if (now >= _dayCheckedUntil)
        {
            _dayCheckedUntil = _calendar.NextRotation(now);
        }
    }

    private void ReplaceKeyLocked(DateOnly day)
    {
        var old = _keyState;
        _keyState = NewKeyState();
        _epoch++;
        _keyDay = day;
        _keyCreatedTimestamp = _timeProvider.GetTimestamp();
        _dayCheckedUntil = default;
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(old.AsSpan()));
    }

    /// <summary>
    /// A fresh 256-bit key, drawn on the stack and kept only as its HMAC-SHA256 state (the inner and outer padded key
    /// blocks already hashed, <see cref="HmacSha256Midstate"/>): what it takes to compute pseudonyms, no more. The
    /// state lives in a pinned array: the garbage collector never moves it, so no stale copy is left behind in the
    /// heap after it is zeroed. The key bytes themselves are zeroed at once.
    /// </summary>
    private static uint[] NewKeyState()
    {
        Span<byte> key = stackalloc byte[KeyBytes];
        var state = GC.AllocateArray<uint>(HmacSha256Midstate.StateWords, pinned: true);
        try
        {
            RandomNumberGenerator.Fill(key);
            HmacSha256Midstate.Precompute(key, state);
            return state;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_keyState.AsSpan()));
        }
    }
}
