using System.Buffers.Binary;
using System.Text;

namespace Edge.LoadHarness;

/// <summary>
/// The few MQTT 3.1.1 packets the harness needs, written by hand so the load generator costs as little CPU as possible
/// (OASIS MQTT 3.1.1, section 2.2 fixed header, 3.1 CONNECT, 3.3 PUBLISH, 3.4 PUBACK, 3.8 SUBSCRIBE).
/// </summary>
internal static class MqttCodec
{
    public const byte ConnAck = 0x20;
    public const byte PublishType = 0x30;
    public const byte PubAck = 0x40;
    public const byte SubAck = 0x90;

    /// <summary>CONNECT with a clean session, with a user name and password when given.</summary>
    public static byte[] Connect(string clientId, ushort keepAliveSeconds, string? userName = null, string? password = null)
    {
        var id = Encoding.UTF8.GetBytes(clientId);
        var user = userName is null ? [] : Encoding.UTF8.GetBytes(userName);
        var secret = password is null ? [] : Encoding.UTF8.GetBytes(password);
        var credentials = userName is null ? 0 : 2 + user.Length + 2 + secret.Length;
        var body = new byte[10 + 2 + id.Length + credentials];
        // Protocol name "MQTT", level 4 (3.1.1), flags: clean session, plus user name and password (0xC0) when given.
        "\0\u0004MQTT\u0004\u0002"u8.CopyTo(body);
        if (userName is not null)
        {
            body[7] |= 0xC0;
        }

        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(8), keepAliveSeconds);
        var offset = WriteString(body, 10, id);
        if (userName is not null)
        {
            offset = WriteString(body, offset, user);
            WriteString(body, offset, secret);
        }

        return Packet(0x10, body);
    }

    private static int WriteString(byte[] destination, int offset, byte[] value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination.AsSpan(offset), (ushort)value.Length);
        value.CopyTo(destination, offset + 2);
        return offset + 2 + value.Length;
    }

    /// <summary>SUBSCRIBE to one filter at QoS 1.</summary>
    public static byte[] Subscribe(ushort packetId, string filter)
    {
        var topic = Encoding.UTF8.GetBytes(filter);
        var body = new byte[2 + 2 + topic.Length + 1];
        BinaryPrimitives.WriteUInt16BigEndian(body, packetId);
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(2), (ushort)topic.Length);
        topic.CopyTo(body, 4);
        body[^1] = 1;
        return Packet(0x82, body);
    }

    public static void WritePubAck(Span<byte> destination, ushort packetId)
    {
        destination[0] = PubAck;
        destination[1] = 2;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], packetId);
    }

    /// <summary>Writes the remaining-length varint; returns the bytes used (1-4).</summary>
    public static int WriteRemainingLength(Span<byte> destination, int length)
    {
        var i = 0;
        do
        {
            var digit = (byte)(length % 128);
            length /= 128;
            destination[i++] = length > 0 ? (byte)(digit | 0x80) : digit;
        }
        while (length > 0);
        return i;
    }

    /// <summary>
    /// Finds the next complete packet in <paramref name="buffer"/>: its first byte, where its body starts and how long the
    /// body is. False when the buffer holds only part of a packet.
    /// </summary>
    public static bool TryReadPacket(ReadOnlySpan<byte> buffer, out byte header, out int bodyOffset, out int bodyLength)
    {
        header = 0;
        bodyOffset = 0;
        bodyLength = 0;
        if (buffer.Length < 2)
        {
            return false;
        }

        var multiplier = 1;
        var length = 0;
        var i = 1;
        while (true)
        {
            if (i >= buffer.Length)
            {
                return false;
            }

            if (i > 4)
            {
                throw new InvalidDataException("Malformed MQTT remaining length.");
            }

            var digit = buffer[i++];
            length += (digit & 0x7F) * multiplier;
            multiplier *= 128;
            if ((digit & 0x80) == 0)
            {
                break;
            }
        }

        if (buffer.Length < i + length)
        {
            return false;
        }

        header = buffer[0];
        bodyOffset = i;
        bodyLength = length;
        return true;
    }

    private static byte[] Packet(byte header, byte[] body)
    {
        Span<byte> length = stackalloc byte[4];
        var used = WriteRemainingLength(length, body.Length);
        var packet = new byte[1 + used + body.Length];
        packet[0] = header;
        length[..used].CopyTo(packet.AsSpan(1));
        body.CopyTo(packet, 1 + used);
        return packet;
    }
}
