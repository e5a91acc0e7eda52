using System.Text;

namespace Edge.Beacons.Decoding;

/// <summary>
/// Eddystone-URL compression: one scheme prefix byte, then bytes that are either printable ASCII (0x21-0x7E) or one of
/// the 14 expansion codes (0x00-0x0D). Codes 0x0E-0x20 and 0x7F-0xFF are reserved by the specification.
/// </summary>
internal static class EddystoneUrl
{
    private static readonly string[] s_schemes = ["http://www.", "https://www.", "http://", "https://"];

    private static readonly string[] s_expansions =
    [
        ".com/", ".org/", ".edu/", ".net/", ".info/", ".biz/", ".gov/",
        ".com", ".org", ".edu", ".net", ".info", ".biz", ".gov",
    ];

    /// <summary>Checks a scheme byte plus encoded URL.</summary>
    public static DecodeError Validate(ReadOnlySpan<byte> schemeAndUrl)
    {
        if (schemeAndUrl.IsEmpty)
        {
            return DecodeError.EddystoneUrlLength;
        }

        if (schemeAndUrl[0] >= s_schemes.Length)
        {
            return DecodeError.EddystoneUrlScheme;
        }

        foreach (var code in schemeAndUrl[1..])
        {
            if (code >= s_expansions.Length && (code <= 0x20 || code >= 0x7F))
            {
                return DecodeError.EddystoneUrlReservedCode;
            }
        }

        return DecodeError.None;
    }

    /// <summary>Expands a validated scheme byte plus encoded URL into the full URL.</summary>
    public static string Expand(ReadOnlySpan<byte> schemeAndUrl)
    {
        var builder = new StringBuilder(s_schemes[schemeAndUrl[0]], 64);
        foreach (var code in schemeAndUrl[1..])
        {
            if (code < s_expansions.Length)
            {
                builder.Append(s_expansions[code]);
            }
            else
            {
                builder.Append((char)code);
            }
        }

        return builder.ToString();
    }

    /// <summary>Encodes a URL the way a beacon would (used by the simulator and tests); null if it cannot be encoded.</summary>
    public static byte[]? Encode(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var scheme = -1;
        for (var i = 0; i < s_schemes.Length; i++)
        {
            if (url.StartsWith(s_schemes[i], StringComparison.Ordinal) &&
                (scheme < 0 || s_schemes[i].Length > s_schemes[scheme].Length))
            {
                scheme = i;
            }
        }

        if (scheme < 0)
        {
            return null;
        }

        var bytes = new List<byte> { (byte)scheme };
        var rest = url.AsSpan(s_schemes[scheme].Length);
        while (!rest.IsEmpty)
        {
            var matched = false;
            for (var code = 0; code < s_expansions.Length; code++)
            {
                if (rest.StartsWith(s_expansions[code], StringComparison.Ordinal))
                {
                    bytes.Add((byte)code);
                    rest = rest[s_expansions[code].Length..];
                    matched = true;
                    break;
                }
            }

            if (!matched)
            {
                if (rest[0] <= 0x20 || rest[0] >= 0x7F)
                {
                    return null;
                }

                bytes.Add((byte)rest[0]);
                rest = rest[1..];
            }
        }

        return bytes.Count - 1 > 17 ? null : [.. bytes];
    }
}
