using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Edge.Gateway.Privacy;

/// <summary>
/// Replaces a raw device identifier by a keyed HMAC-SHA256 pseudonym. The 256-bit key comes from
/// <see cref="RandomNumberGenerator"/>, lives only in this object's memory (never logged, never on disk) and is
/// zeroed when replaced, so a pseudonym cannot be recomputed after rotation or restart.
/// </summary>
public sealed class Pseudonymizer : IDisposable
{
    private const int KeyBytes = 32;

    private readonly Lock _gate = new();
    private byte[] _key = new byte[KeyBytes];
    private HMACSHA256 _hmac;
    private int _epoch;

    public Pseudonymizer()
    {
        RandomNumberGenerator.Fill(_key);
        _hmac = new HMACSHA256(_key);
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

    /// <summary>Pseudonym of <paramref name="rawIdentifier"/> under the current key. The caller should clear its copy of the identifier.</summary>
    public Pseudonym Pseudonymize(ReadOnlySpan<byte> rawIdentifier)
    {
        Span<byte> digest = stackalloc byte[32];
        int epoch;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_hmac is null, this);
            _hmac.TryComputeHash(rawIdentifier, digest, out _);
            epoch = _epoch;
        }

        var pseudonym = new Pseudonym(
            BinaryPrimitives.ReadUInt64LittleEndian(digest),
            BinaryPrimitives.ReadUInt64LittleEndian(digest[8..]),
            epoch);
        CryptographicOperations.ZeroMemory(digest);
        return pseudonym;
    }

    /// <summary>Draws a fresh key and zeroes the old one: no pseudonym of the previous epoch can be produced again.</summary>
    public void Rotate()
    {
        var fresh = new byte[KeyBytes];
        RandomNumberGenerator.Fill(fresh);
        lock (_gate)
        {
            var old = _key;
            _hmac.Dispose();
            _key = fresh;
            _hmac = new HMACSHA256(_key);
            _epoch++;
            CryptographicOperations.ZeroMemory(old);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _hmac.Dispose();
            CryptographicOperations.ZeroMemory(_key);
        }
    }
}
