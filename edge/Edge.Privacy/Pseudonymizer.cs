using System.Buffers.Binary;
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
/// The key and its epochs are kept by <see cref="RotatingPseudonymKey"/>; this class is the hashing path.
/// </remarks>
public sealed class Pseudonymizer : IDisposable
{
    private readonly PseudonymCache _cache = new();
    private readonly RotatingPseudonymKey _key;

    /// <summary>A pseudonymizer on the system clock with the default rotation time (04:00 local).</summary>
    public Pseudonymizer()
        : this(TimeProvider.System, Options.Create(new PrivacyOptions()))
    {
    }

    public Pseudonymizer(TimeProvider timeProvider, IOptions<PrivacyOptions> options)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _key = new RotatingPseudonymKey(timeProvider, new FootfallCalendar(options, timeProvider), _cache);
    }

    /// <summary>Current key epoch; increases at every rotation.</summary>
    public int Epoch => _key.Epoch;

    /// <summary>Key day the current key serves (local date of the last rotation time).</summary>
    public DateOnly KeyDay => _key.KeyDay;

    /// <summary>Pseudonym of <paramref name="rawIdentifier"/> under the current key. The caller should clear its copy of the identifier.</summary>
    /// <remarks>
    /// Thread-safe without a lock while the key is current: the key state is copied onto this call's stack under a
    /// sequence check and hashed there, so broker threads pseudonymize in parallel. Rotation, and any instant the
    /// current key was not yet checked for, go through the key's lock. The stack copy is zeroed before returning.
    /// Once the key is known to be current, <see cref="PseudonymCache"/> answers for an identity seen moments ago
    /// (another scanner's message of the same advertisement) without the HMAC.
    /// </remarks>
    public Pseudonym Pseudonymize(ReadOnlySpan<byte> rawIdentifier)
    {
        Span<uint> state = stackalloc uint[PseudonymKeyMaterial.StateWords];
        Span<byte> digest = stackalloc byte[HmacSha256Midstate.DigestBytes];
        try
        {
            var epoch = _key.CopyCurrent(state);
            var tagKey = state[PseudonymKeyMaterial.TagKeyOffset..];
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
            if (_key.IsRetired(epoch))
            {
                _cache.Forget(tag, epoch);
            }

            return pseudonym;
        }
        finally
        {
            PseudonymKeyMaterial.Zero(state);
            CryptographicOperations.ZeroMemory(digest);
        }
    }

    /// <summary>
    /// Replaces the key when the clock says its day is over (or has jumped to another day), or it is 24 h old.
    /// Called by the footfall service on every tick so the key is zeroed on time even when no device is seen.
    /// </summary>
    /// <returns>True when the key was replaced.</returns>
    public bool RotateIfDue() => _key.RotateIfDue();

    /// <summary>Draws a fresh key and zeroes the old one: no pseudonym of the previous epoch can be produced again.</summary>
    public void Rotate() => _key.Rotate();

    public void Dispose() => _key.Dispose();
}
