using System.Text;
using System.Text.Json;
using Edge.Contracts;

namespace Edge.Cloud.Ingest;

/// <summary>
/// Reads the common record, an envelope around a <see cref="MachineSummary"/>, straight off a
/// <see cref="Utf8JsonReader"/>: the source-generated serializer builds these through its parameterized-constructor
/// path (an argument array, boxing, a property lookup per field), which was the cloud's largest single cost per record.
/// It accepts only what the serializer reads the same way (plain property names, each at most once, the discriminator
/// first, no nulls but a sensor's unit) and returns null for anything else, which the caller then gives to the
/// serializer: it never decides that a record is invalid, so what is accepted and refused, and why, stays the serializer's.
/// Absent optional members get what the serializer gives them (its init-only handling: false and 0, not the
/// initializers' true and 1).
/// </summary>
internal static class SummaryEnvelopeReader
{
    private const int SchemaVersionSeen = 1;
    private const int GatewayIdSeen = 2;
    private const int SequenceSeen = 4;
    private const int CommittedAtSeen = 8;
    private const int ClockSynchronizedSeen = 16;
    private const int MessageSeen = 32;
    private const int EnvelopeRequired = SchemaVersionSeen | GatewayIdSeen | SequenceSeen | CommittedAtSeen | MessageSeen;

    private const int MachineIdSeen = 1;
    private const int WindowStartSeen = 2;
    private const int WindowEndSeen = 4;
    private const int SensorsSeen = 8;
    private const int MergedWindowsSeen = 16;
    private const int SummaryRequired = MachineIdSeen | WindowStartSeen | WindowEndSeen | SensorsSeen;

    private static readonly byte[] s_machineSummaryKind = Encoding.UTF8.GetBytes(MessageKinds.MachineSummary);

    /// <summary>
    /// Reads one envelope from <paramref name="reader"/> (positioned before it or on its opening brace); null when it is
    /// not the plain machine-summary case. Malformed JSON throws the reader's <see cref="JsonException"/> (or
    /// <see cref="InvalidOperationException"/> for bad UTF-8); the reader is then somewhere inside the value.
    /// </summary>
    public static UplinkEnvelope? TryRead(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.None && !reader.Read())
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        var seen = 0;
        var schemaVersion = 0;
        string? gatewayId = null;
        long sequence = 0;
        DateTimeOffset committedAt = default;
        var clockSynchronized = false;
        MachineSummary? message = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!IsPlainName(ref reader))
            {
                return null;
            }

            int property;
            if (reader.ValueTextEquals("schemaVersion"u8))
            {
                property = SchemaVersionSeen;
                if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out schemaVersion))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("gatewayId"u8))
            {
                property = GatewayIdSeen;
                if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    return null;
                }

                gatewayId = reader.GetString();
            }
            else if (reader.ValueTextEquals("sequence"u8))
            {
                property = SequenceSeen;
                if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out sequence))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("committedAt"u8))
            {
                property = CommittedAtSeen;
                if (!TryReadTime(ref reader, out committedAt))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("clockSynchronized"u8))
            {
                property = ClockSynchronizedSeen;
                if (!reader.Read() || reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
                {
                    return null;
                }

                clockSynchronized = reader.TokenType == JsonTokenType.True;
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                property = MessageSeen;
                message = TryReadSummary(ref reader);
                if (message is null)
                {
                    return null;
                }
            }
            else
            {
                // Not a member: the serializer skips it too.
                reader.Read();
                reader.Skip();
                continue;
            }

            if ((seen & property) != 0)
            {
                return null;
            }

            seen |= property;
        }

        if (reader.TokenType != JsonTokenType.EndObject || (seen & EnvelopeRequired) != EnvelopeRequired)
        {
            return null;
        }

        return new UplinkEnvelope
        {
            SchemaVersion = schemaVersion,
            GatewayId = gatewayId!,
            Sequence = sequence,
            CommittedAt = committedAt,
            ClockSynchronized = clockSynchronized,
            Message = message!,
        };
    }

    private static MachineSummary? TryReadSummary(ref Utf8JsonReader reader)
    {
        // The discriminator must come first (the serializer's rule too) and name a machine summary.
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject
            || !reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !IsPlainName(ref reader) || !reader.ValueTextEquals("kind"u8)
            || !reader.Read() || reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || !reader.ValueTextEquals(s_machineSummaryKind))
        {
            return null;
        }

        var seen = 0;
        string? machineId = null;
        DateTimeOffset windowStart = default;
        DateTimeOffset windowEnd = default;
        List<SensorSummary>? sensors = null;
        var mergedWindows = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!IsPlainName(ref reader))
            {
                return null;
            }

            int property;
            if (reader.ValueTextEquals("machineId"u8))
            {
                property = MachineIdSeen;
                if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    return null;
                }

                machineId = reader.GetString();
            }
            else if (reader.ValueTextEquals("windowStart"u8))
            {
                property = WindowStartSeen;
                if (!TryReadTime(ref reader, out windowStart))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("windowEnd"u8))
            {
                property = WindowEndSeen;
                if (!TryReadTime(ref reader, out windowEnd))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("sensors"u8))
            {
                property = SensorsSeen;
                sensors = SensorSummaryReader.TryReadList(ref reader);
                if (sensors is null)
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("mergedWindows"u8))
            {
                property = MergedWindowsSeen;
                if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out mergedWindows))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("kind"u8))
            {
                // A second discriminator is the serializer's error to report.
                return null;
            }
            else
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            if ((seen & property) != 0)
            {
                return null;
            }

            seen |= property;
        }

        if (reader.TokenType != JsonTokenType.EndObject || (seen & SummaryRequired) != SummaryRequired)
        {
            return null;
        }

        return new MachineSummary
        {
            MachineId = machineId!,
            WindowStart = windowStart,
            WindowEnd = windowEnd,
            Sensors = sensors!,
            MergedWindows = mergedWindows,
        };
    }

    /// <summary>
    /// A property name the serializer matches byte for byte: not escaped, in one segment, and not a '$' metadata name
    /// (which the serializer treats specially).
    /// </summary>
    internal static bool IsPlainName(ref Utf8JsonReader reader) =>
        !reader.ValueIsEscaped && !reader.HasValueSequence && reader.ValueSpan is not [(byte)'$', ..];

    private static bool TryReadTime(ref Utf8JsonReader reader, out DateTimeOffset value)
    {
        value = default;
        return reader.Read() && reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out value);
    }

    internal static bool TryReadDouble(ref Utf8JsonReader reader, out double value)
    {
        value = 0;
        return reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out value);
    }
}
