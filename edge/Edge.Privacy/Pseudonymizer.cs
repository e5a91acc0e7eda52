using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Edge.Privacy;

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

    // The HMAC midstate, then the 128-bit SipHash key that tags the pseudonym cache's entries (rotates with it).
    private const int KeyStateWords = HmacSha256Midstate.StateWords + 4;
    private static readonly TimeSpan s_maxKeyAge = TimeSpan.FromHours(24);

    private readonly Lock _gate = new();
    private readonly PseudonymCache _cache = new();
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

    // Sequence number of the fields above: odd while a writer (holding _gate) changes them. Pseudonymize copies the
    // key state without the lock and keeps the copy only if the number was even and unchanged across the copy, so a
    // call never hashes under a key being replaced or zeroed (it retries, or takes the lock).
    private int _version;

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

    /// <summary>Pseudonym of <paramref name="rawIdentifier"/> under the current key. The caller should clear its copy of the identifier.</summary>
    /// <remarks>
    /// Thread-safe without a lock while the key is current: the key state is copied onto this call's stack under a
    /// sequence check and hashed there, so broker threads pseudonymize in parallel. Rotation, and any instant the
    /// current key was not yet checked for, go through the lock. The stack copy is zeroed before returning.
    /// Once the key is known to be current, <see cref="PseudonymCache"/> answers for an identity seen moments ago
    /// (another scanner's message of the same advertisement) without the HMAC.
    /// </remarks>
    public Pseudonym Pseudonymize(ReadOnlySpan<byte> rawIdentifier)
    {
        Span<uint> state = stackalloc uint[KeyStateWords];
        Span<byte> digest = stackalloc byte[HmacSha256Midstate.DigestBytes];
        int epoch;
        try
        {
            var now = _timeProvider.GetUtcNow();
            var timestamp = _timeProvider.GetTimestamp();
            if (!TryCopyCurrentKey(now, timestamp, state, out epoch))
            {
                lock (_gate)
                {
                    ObjectDisposedException.ThrowIf(_disposed, this);

                    // The clock again, under the lock: a reading taken before another thread rotated at a day
                    // boundary must not rotate back to the previous day's (new) key.
                    RotateIfDueLocked(_timeProvider.GetUtcNow(), _timeProvider.GetTimestamp());
                    _keyState.CopyTo(state);
                    epoch = _epoch;
                }
            }

            var tagKey = state[HmacSha256Midstate.StateWords..];
            var tag = SipHash24.Compute(
                ((ulong)tagKey[1] << 32) | tagKey[0], ((ulong)tagKey[3] << 32) | tagKey[2], rawIdentifier);
            if (_cache.TryGet(tag, epoch, out var cached))
            {
                return cached;
            }

            HmacSha256Midstate.Compute(state, rawIdentifier, digest);
            var pseudonym = new Pseudonym(
                BinaryPrimitives.ReadUInt64LittleEndian(digest),
                BinaryPrimitives.ReadUInt64LittleEndian(digest[8..]),
                epoch);
            _cache.Set(tag, pseudonym);

            // A rotation (or disposal) that wiped the cache while this call hashed under the old key: its entry must
            // not stay behind. The wipe happens after the epoch changes, so one of the two always removes it.
            if (Volatile.Read(ref _epoch) != epoch || Volatile.Read(ref _disposed))
            {
                _cache.Forget(tag, epoch);
            }

            return pseudonym;
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
    private bool TryCopyCurrentKey(DateTimeOffset now, long timestamp, Span<uint> state, out int epoch)
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
        _keyState = NewKeyState();
        _epoch++;
        _keyDay = day;
        _keyCreatedTimestamp = _timeProvider.GetTimestamp();
        _dayCheckedUntilTicks = 0;
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(old.AsSpan()));
        _cache.Wipe();
    }

    // Full fences (Interlocked): no change to the key or its checks is visible before the number turns odd, and the
    // number turns even only after all of them.
    private void BeginWriteLocked() => Interlocked.Increment(ref _version);

    private void EndWriteLocked() => Interlocked.Increment(ref _version);

    /// <summary>
    /// A fresh 256-bit key, drawn on the stack and kept only as its HMAC-SHA256 state (the inner and outer padded key
    /// blocks already hashed, <see cref="HmacSha256Midstate"/>): what it takes to compute pseudonyms, no more. The
    /// state lives in a pinned array: the garbage collector never moves it, so no stale copy is left behind in the
    /// heap after it is zeroed. The key bytes themselves are zeroed at once. The last four words are a fresh random
    /// SipHash key for the pseudonym cache's tags.
    /// </summary>
    private static uint[] NewKeyState()
    {
        Span<byte> key = stackalloc byte[KeyBytes];
        var state = GC.AllocateArray<uint>(KeyStateWords, pinned: true);
        try
        {
            RandomNumberGenerator.Fill(key);
            HmacSha256Midstate.Precompute(key, state);
            RandomNumberGenerator.Fill(MemoryMarshal.AsBytes(state.AsSpan(HmacSha256Midstate.StateWords)));
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

            BeginWriteLocked();
            _disposed = true;
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_keyState.AsSpan()));
            _cache.Wipe();
            EndWriteLocked();
        }
    }
}
