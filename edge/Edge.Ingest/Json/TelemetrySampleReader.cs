using System.Text.Json;
using Edge.Contracts;
using Edge.Ingest.Telemetry;
using Edge.Kernel;

namespace Edge.Ingest.Json;

/// <summary>
/// The inner parts of a telemetry message for <see cref="TelemetryParser"/>: the <c>samples</c> array, each
/// <c>readings</c> object, and the <c>timestamp</c> and <c>sequence</c> values, read in place from the caller's
/// <see cref="Utf8JsonReader"/>. Readings are appended to the output unstamped (no machine id; a timestamp only when
/// their sample has one): the envelope's values are known only once the whole message is read.
/// </summary>
internal static class TelemetrySampleReader
{
    /// <summary>
    /// Reads the value of a <c>samples</c> property (the reader is on its name), counting samples in
    /// <paramref name="sampleCount"/> across the message.
    /// </summary>
    /// <returns>Why the message is refused, or null to go on.</returns>
    public static TelemetryParseResult? ReadSamples(
        ref Utf8JsonReader reader, List<Reading> output, ref int sampleCount, List<SampleSequence>? sequences)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            return TelemetryParseResult.Rejected(RejectionReason.Schema, "samples must be an array");
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return TelemetryParseResult.Rejected(RejectionReason.Schema, "each sample must be an object");
            }

            if (++sampleCount > TelemetryParser.MaxSamplesPerMessage)
            {
                return TelemetryParseResult.Rejected(RejectionReason.TooLarge, $"more than {TelemetryParser.MaxSamplesPerMessage} samples");
            }

            var error = ReadSample(ref reader, output, sequences);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    /// <summary>Reads the value of a <c>readings</c> property (the reader is on its name): sensor names and numbers.</summary>
    /// <returns>Why the message is refused, or null to go on.</returns>
    public static TelemetryParseResult? ReadReadings(ref Utf8JsonReader reader, List<Reading> output)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return TelemetryParseResult.Rejected(RejectionReason.Schema, "readings must be an object of sensor: number");
        }

        var count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var sensor = reader.GetString()!;
            if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var value))
            {
                return TelemetryParseResult.Rejected(RejectionReason.Schema, "every reading must be a number");
            }

            if (++count > TelemetryParser.MaxReadingsPerSample)
            {
                return TelemetryParseResult.Rejected(
                    RejectionReason.TooLarge, $"more than {TelemetryParser.MaxReadingsPerSample} readings in a sample");
            }

            if (!SafeLabel.IsValid(sensor, out var reason))
            {
                return TelemetryParseResult.Rejected(RejectionReason.Schema, $"sensor name {reason}");
            }

            output.Add(new Reading(string.Empty, sensor, value, default));
        }

        return null;
    }

    /// <summary>Reads the value of a <c>timestamp</c> property (the reader is on its name): an ISO 8601 string.</summary>
    public static bool TryReadTimestamp(ref Utf8JsonReader reader, out DateTimeOffset timestamp)
    {
        timestamp = default;
        return reader.Read() && reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out timestamp);
    }

    /// <summary>Reads the value of a <c>sequence</c> property (the reader is on its name): an integer.</summary>
    public static bool TryReadSequence(ref Utf8JsonReader reader, out long sequence)
    {
        sequence = 0;
        return reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out sequence);
    }

    /// <summary>Reads one sample object (the reader is on its start) and stamps its readings with its timestamp.</summary>
    private static TelemetryParseResult? ReadSample(ref Utf8JsonReader reader, List<Reading> output, List<SampleSequence>? sequences)
    {
        var sampleStart = output.Count;
        DateTimeOffset? timestamp = null;
        long? sequence = null;
        var sawReadings = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("readings"u8))
            {
                sawReadings = true;
                var error = ReadReadings(ref reader, output);
                if (error is not null)
                {
                    return error;
                }
            }
            else if (reader.ValueTextEquals("timestamp"u8))
            {
                if (!TryReadTimestamp(ref reader, out var value))
                {
                    return TelemetryParseResult.Rejected(RejectionReason.Schema, "timestamp must be an ISO 8601 string");
                }

                timestamp = value;
            }
            else if (reader.ValueTextEquals("sequence"u8))
            {
                if (!TryReadSequence(ref reader, out var value))
                {
                    return TelemetryParseResult.Rejected(RejectionReason.Schema, "sequence must be an integer");
                }

                sequence = value;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (!sawReadings)
        {
            return TelemetryParseResult.Rejected(RejectionReason.Schema, "a sample has no 'readings'");
        }

        if (sequence is { } number && sequences is not null)
        {
            sequences.Add(new SampleSequence(sampleStart, output.Count - sampleStart, number));
        }

        if (timestamp is { } stamp)
        {
            for (var i = sampleStart; i < output.Count; i++)
            {
                output[i] = output[i] with { Timestamp = stamp };
            }
        }

        return null;
    }
}
