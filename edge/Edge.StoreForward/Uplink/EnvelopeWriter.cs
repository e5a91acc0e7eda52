using System.Buffers;
using System.Text.Json;
using Edge.Contracts;
using Edge.StoreForward.Outbox;

namespace Edge.StoreForward.Uplink;

/// <summary>
/// Writes an <see cref="UplinkEnvelope"/> (or an <see cref="UplinkBatch"/> of them) around committed records' stored
/// payloads, byte for byte, so a resent record is identical to the first send. The payloads are what the egress guard
/// admitted into the outbox; nothing here adds a field that could carry an identifier.
/// </summary>
public static class EnvelopeWriter
{
    // schemaVersion, sequence, committedAt, clockSynchronized and the property names around a record's payload.
    private const int EnvelopeOverheadBytes = 160;

    public static byte[] Write(string gatewayId, OutboxRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var buffer = new ArrayBufferWriter<byte>(EstimateBytes(gatewayId, record));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteEnvelope(writer, gatewayId, record);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes <paramref name="count"/> records starting at <paramref name="start"/> as one <see cref="UplinkBatch"/>.</summary>
    public static byte[] WriteBatch(string gatewayId, IReadOnlyList<OutboxRecord> records, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, records.Count);
        var estimate = 64 + gatewayId.Length;
        for (var i = start; i < start + count; i++)
        {
            estimate += EstimateBytes(gatewayId, records[i]);
        }

        var buffer = new ArrayBufferWriter<byte>(estimate);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schemaVersion"u8, ContractVersion.Current);
            writer.WriteString("gatewayId"u8, gatewayId);
            writer.WriteStartArray("records"u8);
            for (var i = start; i < start + count; i++)
            {
                WriteEnvelope(writer, gatewayId, records[i]);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Upper estimate of one record's envelope on the wire, used to keep a batch under its byte cap without writing it twice.</summary>
    public static int EstimateBytes(string gatewayId, OutboxRecord record)
    {
        ArgumentNullException.ThrowIfNull(gatewayId);
        ArgumentNullException.ThrowIfNull(record);
        return record.Payload.Length + gatewayId.Length + EnvelopeOverheadBytes;
    }

    private static void WriteEnvelope(Utf8JsonWriter writer, string gatewayId, OutboxRecord record)
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
}
