using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Edge.Ingest.Fleet;

/// <summary>
/// Device secrets: generated from the OS random source, stored only as PBKDF2-HMAC-SHA256 hashes
/// (<c>pbkdf2-sha256$iterations$salt$hash</c>, base64). The iteration count is stored with each hash, so it can be raised
/// later without invalidating existing devices.
/// </summary>
public static class DeviceSecretHasher
{
    /// <summary>
    /// 100k iterations: ~30 ms per verification on x64, a few hundred on a Raspberry Pi, paid once per connection. Higher
    /// counts would make a reconnect storm of a few hundred devices take minutes of the Pi's CPU.
    /// </summary>
    public const int DefaultIterations = 100_000;

    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private const int SecretBytes = 24;

    /// <summary>A new random secret, 32 URL-safe characters (192 bits).</summary>
    public static string GenerateSecret()
    {
        var bytes = RandomNumberGenerator.GetBytes(SecretBytes);
        return Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');
    }

    public static string Hash(string secret, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>True when <paramref name="secret"/> matches <paramref name="stored"/>; compares in constant time.</summary>
    public static bool Verify(string? secret, string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (secret is null)
        {
            return false;
        }

        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            return false;
        }

        byte[] salt;
        byte[] expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
