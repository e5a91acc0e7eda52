namespace Edge.Beacons.Inputs;

/// <summary>Hex decoding straight from UTF-8 JSON values, skipping ':' and '-' separators; no allocation.</summary>
internal static class HexText
{
    public static bool TryDecode(ReadOnlySpan<byte> utf8Hex, Span<byte> destination, out int written)
    {
        written = 0;
        var high = -1;
        foreach (var c in utf8Hex)
        {
            if (c is (byte)':' or (byte)'-')
            {
                continue;
            }

            var nibble = Nibble(c);
            if (nibble < 0)
            {
                return false;
            }

            if (high < 0)
            {
                high = nibble;
                continue;
            }

            if (written == destination.Length)
            {
                return false;
            }

            destination[written++] = (byte)((high << 4) | nibble);
            high = -1;
        }

        return high < 0;
    }

    public static bool TryDecode(ReadOnlySpan<char> hex, Span<byte> destination, out int written)
    {
        written = 0;
        var high = -1;
        foreach (var c in hex)
        {
            if (c is ':' or '-')
            {
                continue;
            }

            var nibble = c < 128 ? Nibble((byte)c) : -1;
            if (nibble < 0)
            {
                return false;
            }

            if (high < 0)
            {
                high = nibble;
                continue;
            }

            if (written == destination.Length)
            {
                return false;
            }

            destination[written++] = (byte)((high << 4) | nibble);
            high = -1;
        }

        return high < 0;
    }

    private static int Nibble(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
