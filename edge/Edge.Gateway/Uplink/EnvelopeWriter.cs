using System.Buffers;
using System.Text.Json;
using Edge.Contracts;
using Edge.Gateway.Outbox;

namespace Edge.Gateway.Uplink;

/// <summary>
/// Writes an <see cref="UplinkEnvelope"/> around a committed record's stored payload, byte for byte, so a resend after a
/// lost PUBACK is identical to the first send.
/// </summary>
public static class EnvelopeWriter
{
    public static byte[] Write(string gatewayId, OutboxRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var buffer = new ArrayBufferWriter<byte>(record.Payload.Length + 192);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schemaVersion"u8, ContractVersion.Current);
            writer.WriteString("gatewayId"u8, gatewayId);
            writer.WriteNumber("sequence"u8, record.Sequence);
            writer.WriteString("committedAt"u8, record.CommittedAt);
            writer.WriteBoolean("clockSynchronized"u8, record.ClockSynchronized);
            writer.WritePropertyName("message"u8);
            writer.WriteRawValue(record.Payload.Span, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
