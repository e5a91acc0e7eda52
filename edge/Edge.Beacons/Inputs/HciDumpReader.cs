using System.Runtime.CompilerServices;

namespace Edge.Beacons.Inputs;

/// <summary>
/// Reads packets from <c>hcidump -R</c> text: a line starting with <c>&gt;</c> (controller to host) or <c>&lt;</c>
/// (host to controller) begins a packet of space-separated hex bytes, indented lines continue it. Only incoming packets
/// are returned. This text stream is the seam for the Pi's own radio: on the Pi it comes from a FIFO that
/// <c>hcidump -R</c> writes to, in tests from recorded captures.
/// </summary>
internal static class HciDumpReader
{
    private const int MaximumPacketBytes = 1024;

    public static async IAsyncEnumerable<byte[]> ReadPacketsAsync(TextReader reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var state = new ParseState();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (Feed(line, state) is { } packet)
            {
                yield return packet;
            }
        }

        if (state.Incoming && state.Bytes.Count > 0)
        {
            yield return [.. state.Bytes];
        }
    }

    /// <summary>Takes one line; returns the previous packet when this line starts a new one.</summary>
    private static byte[]? Feed(string line, ParseState state)
    {
        var text = line.AsSpan();
        var trimmed = text.TrimStart();
        if (trimmed.IsEmpty)
        {
            return null;
        }

        byte[]? completed = null;
        var starts = trimmed[0] is '>' or '<';
        if (starts || text.Length == trimmed.Length)
        {
            if (state.Incoming && state.Bytes.Count > 0)
            {
                completed = [.. state.Bytes];
            }

            state.Bytes.Clear();
            state.Incoming = starts && trimmed[0] == '>';
            if (!starts)
            {
                // A header line such as hcidump's banner: not part of any packet.
                return completed;
            }

            trimmed = trimmed[1..];
        }

        if (state.Incoming && !AppendHex(trimmed, state.Bytes))
        {
            state.Incoming = false;
            state.Bytes.Clear();
        }

        return completed;
    }

    private static bool AppendHex(ReadOnlySpan<char> text, List<byte> bytes)
    {
        foreach (var range in text.Split(' '))
        {
            var token = text[range];
            if (token.IsEmpty)
            {
                continue;
            }

            if (token.Length != 2 || !byte.TryParse(token, System.Globalization.NumberStyles.HexNumber, null, out var value) ||
                bytes.Count >= MaximumPacketBytes)
            {
                return false;
            }

            bytes.Add(value);
        }

        return true;
    }

    private sealed class ParseState
    {
        public List<byte> Bytes { get; } = new(64);

        public bool Incoming { get; set; }
    }
}
