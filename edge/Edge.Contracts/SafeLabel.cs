using System.Buffers;

namespace Edge.Contracts;

/// <summary>
/// Checks the identifier-like strings of the contracts (gateway, machine, store, zone, sensor names). They are
/// operator-chosen labels, so they may be short words, numbers and separators, but never something shaped like a
/// MAC address, a UUID or a long run of hex digits: those are how raw device identifiers would leak.
/// </summary>
public static class SafeLabel
{
    public const int MaxLength = 64;

    private static readonly SearchValues<char> s_allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");

    public static bool IsValid(string? value, out string? reason)
    {
        reason = null;
        if (string.IsNullOrEmpty(value))
        {
            reason = "empty";
            return false;
        }

        if (value.Length > MaxLength)
        {
            reason = $"longer than {MaxLength} characters";
            return false;
        }

        if (value.AsSpan().IndexOfAnyExcept(s_allowed) >= 0)
        {
            reason = "only letters, digits, '-', '_' and '.' are allowed";
            return false;
        }

        if (LooksLikeDeviceIdentifier(value))
        {
            reason = "looks like a device identifier (MAC address, UUID or hex bytes)";
            return false;
        }

        return true;
    }

    public static string Require(string? value, string name)
    {
        if (!IsValid(value, out var reason))
        {
            throw new ArgumentException($"'{value}' is not a valid {name}: {reason}.", name);
        }

        return value!;
    }

    /// <summary>True when <paramref name="value"/> holds 12 or more hex digits in a row once separators are removed.</summary>
    public static bool LooksLikeDeviceIdentifier(ReadOnlySpan<char> value)
    {
        var run = 0;
        foreach (var c in value)
        {
            if (char.IsAsciiHexDigit(c))
            {
                run++;
                if (run >= 12)
                {
                    return true;
                }
            }
            else if (c is not ('-' or ':' or '_' or '.'))
            {
                run = 0;
            }
        }

        return false;
    }
}
