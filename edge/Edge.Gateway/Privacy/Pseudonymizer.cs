using System.Buffers.Binary;
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
    private byte[] _key;
    private int _epoch;
    private DateOnly _keyDay;
    private long _keyCreatedTimestamp;
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
        _key = NewKey();
        _keyDay = _calendar.KeyDay(timeProvider.GetUtcNow());
        _keyCreatedTimestamp = timeProvider.GetTimestamp();
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
    public Pseudonym Pseudonymize(ReadOnlySpan<byte> rawIdentifier)
    {
        Span<byte> digest = stackalloc byte[32];
        int epoch;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            RotateIfDueLocked();
            HMACSHA256.HashData(_key, rawIdentifier, digest);
            epoch = _epoch;
        }

        var pseudonym = new Pseudonym(
            BinaryPrimitives.ReadUInt64LittleEndian(digest),
            BinaryPrimitives.ReadUInt64LittleEndian(digest[8..]),
            epoch);
        CryptographicOperations.ZeroMemory(digest);
        return pseudonym;
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
            return RotateIfDueLocked();
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

    private bool RotateIfDueLocked()
    {
        var day = _calendar.KeyDay(_timeProvider.GetUtcNow());
        if (day == _keyDay && _timeProvider.GetElapsedTime(_keyCreatedTimestamp) < s_maxKeyAge)
        {
            return false;
        }

        ReplaceKeyLocked(day);
        return true;
    }

    private void ReplaceKeyLocked(DateOnly day)
    {
        var old = _key;
        _key = NewKey();
        _epoch++;
        _keyDay = day;
        _keyCreatedTimestamp = _timeProvider.GetTimestamp();
        CryptographicOperations.ZeroMemory(old);
    }

    /// <summary>
    /// A pinned array: the garbage collector never moves it, so no stale copy of the key is left behind in the heap
    /// after it is zeroed. The one-shot <see cref="HMACSHA256.HashData(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/>
    /// keeps no copy of its own between calls.
    /// </summary>
    private static byte[] NewKey()
    {
        var key = GC.AllocateUninitializedArray<byte>(KeyBytes, pinned: true);
        RandomNumberGenerator.Fill(key);
        return key;
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
            CryptographicOperations.ZeroMemory(_key);
        }
    }
}
