using System.Buffers;
using System.Text.Json;
using Edge.Contracts;
using Edge.Kernel;
using Edge.Ingest.Telemetry;

namespace Edge.Ingest.Json;

/// <summary>
/// Parses fleet telemetry JSON (a single sample or a batch of samples) with <see cref="Utf8JsonReader"/>, straight from the
/// MQTT payload, without building a document. A message is accepted whole or refused whole: one bad sample refuses it,
/// so a device never gets half its batch counted.
/// </summary>
/// <remarks>
/// Single: <c>{"machineId":"press-01","timestamp":"2026-11-29T14:00:00Z","sequence":17,"readings":{"temperature":71.3}}</c>.
/// Batch: <c>{"machineId":"press-01","samples":[{"timestamp":"...","sequence":18,"readings":{...}}]}</c>.
/// <c>machineId</c> defaults to the device id of the topic.
/// </remarks>
public sealed class TelemetryParser
{
    public const int MaxSamplesPerMessage = 10_000;
    public const int MaxReadingsPerSample = 256;

    private readonly Func<string, bool> _isKnownMachine;
    private readonly double _maxAbsoluteValue;

    public TelemetryParser(Func<string, bool> isKnownMachine, double maxAbsoluteValue)
    {
        ArgumentNullException.ThrowIfNull(isKnownMachine);
        _isKnownMachine = isKnownMachine;
        _maxAbsoluteValue = maxAbsoluteValue;
    }

    /// <summary>Parses <paramref name="payload"/>; on success appends the readings to <paramref name="output"/>.</summary>
    public TelemetryParseResult Parse(string deviceId, ReadOnlySequence<byte> payload, DateTimeOffset receivedAt, List<Reading> output) =>
        Parse(deviceId, payload, receivedAt, output, null);

    /// <summary>
    /// Parses <paramref name="payload"/>; on success appends the readings to <paramref name="output"/> and, for every sample
    /// that carries a device <c>sequence</c>, its span of readings to <paramref name="sequences"/> (for duplicate detection).
    /// </summary>
    public TelemetryParseResult Parse(
        string deviceId, ReadOnlySequence<byte> payload, DateTimeOffset receivedAt, List<Reading> output, List<SampleSequence>? sequences)
    {
        ArgumentNullException.ThrowIfNull(output);
        var start = output.Count;
        var sequenceStart = sequences?.Count ?? 0;
        try
        {
            var result = ParseCore(deviceId, payload, receivedAt, output, sequences);
            if (!result.IsAccepted)
            {
                output.RemoveRange(start, output.Count - start);
                sequences?.RemoveRange(sequenceStart, sequences.Count - sequenceStart);
            }

            return result;
        }
        catch (JsonException exception)
        {
            output.RemoveRange(start, output.Count - start);
            sequences?.RemoveRange(sequenceStart, sequences.Count - sequenceStart);
            return TelemetryParseResult.Rejected(RejectionReason.Malformed, $"invalid JSON at byte {exception.BytePositionInLine}");
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader.GetString on a string that is not valid UTF-8 (found by the fuzz test).
            output.RemoveRange(start, output.Count - start);
            sequences?.RemoveRange(sequenceStart, sequences.Count - sequenceStart);
            return TelemetryParseResult.Rejected(RejectionReason.Malformed, "invalid UTF-8 in a string");
        }
    }

    private TelemetryParseResult ParseCore(
        string deviceId, ReadOnlySequence<byte> payload, DateTimeOffset receivedAt, List<Reading> output, List<SampleSequence>? sequences)
    {
        var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = 8 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return TelemetryParseResult.Rejected(RejectionReason.Malformed, "payload is not a JSON object");
        }

        string? machineId = null;
        var samples = new SampleSpan(output.Count, 0);
        var single = new Sample(null, null);
        var sawSamples = false;
        var sawReadings = false;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("machineId"u8))
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    return TelemetryParseResult.Rejected(RejectionReason.Schema, "machineId must be a string");
                }

                machineId = reader.GetString();
            }
            else if (reader.ValueTextEquals("readings"u8))
            {
                sawReadings = true;
                var error = ReadReadings(ref reader, output);
                if (error is not null)
                {
                    return error.Value;
                }
            }
            else if (reader.ValueTextEquals("samples"u8))
            {
                sawSamples = true;
                var error = ReadSamples(ref reader, output, ref samples, sequences);
                if (error is not null)
                {
                    return error.Value;
                }
            }
            else if (reader.ValueTextEquals("timestamp"u8))
            {
                if (!TryReadTimestamp(ref reader, out var timestamp))
                {
                    return TelemetryParseResult.Rejected(RejectionReason.Schema, "timestamp must be an ISO 8601 string");
                }

                single = single with { Timestamp = timestamp };
            }
            else if (reader.ValueTextEquals("sequence"u8))
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var sequence))
                {
                    return TelemetryParseResult.Rejected(RejectionReason.Schema, "sequence must be an integer");
                }

                single = single with { Sequence = sequence };
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            return TelemetryParseResult.Rejected(RejectionReason.Malformed, "unexpected token");
        }

        if (sawReadings && single.Sequence is { } singleSequence && sequences is not null)
        {
            sequences.Add(new SampleSequence(samples.Start, output.Count - samples.Start, singleSequence));
        }

        if (sawSamples == sawReadings)
        {
            return TelemetryParseResult.Rejected(RejectionReason.Schema, "exactly one of 'readings' or 'samples' is required");
        }

        machineId ??= deviceId;
        if (!SafeLabel.IsValid(machineId, out var reason))
        {
            return TelemetryParseResult.Rejected(RejectionReason.Schema, $"machineId {reason}");
        }

        if (!_isKnownMachine(machineId))
        {
            return TelemetryParseResult.Rejected(RejectionReason.UnknownMachine, "machine is not configured on this gateway");
        }

        // Readings were parsed before the machine id may have been seen; stamp them now.
        var count = 0;
        for (var i = samples.Start; i < output.Count; i++)
        {
            var reading = output[i];
            if (!double.IsFinite(reading.Value) || Math.Abs(reading.Value) > _maxAbsoluteValue)
            {
                return TelemetryParseResult.Rejected(RejectionReason.OutOfRange, $"reading '{reading.Sensor}' is out of range");
            }

            var timestamp = reading.Timestamp == default ? single.Timestamp ?? receivedAt : reading.Timestamp;
            output[i] = reading with { MachineId = machineId, Timestamp = timestamp };
            count++;
        }

        return count == 0
            ? TelemetryParseResult.Rejected(RejectionReason.Schema, "no readings")
            : TelemetryParseResult.Accepted(count);
    }

    private static TelemetryParseResult? ReadSamples(
        ref Utf8JsonReader reader, List<Reading> output, ref SampleSpan samples, List<SampleSequence>? sequences)
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

            if (++samples.Count > MaxSamplesPerMessage)
            {
                return TelemetryParseResult.Rejected(RejectionReason.TooLarge, $"more than {MaxSamplesPerMessage} samples");
            }

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
                    if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var value))
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
        }

        return null;
    }

    private static TelemetryParseResult? ReadReadings(ref Utf8JsonReader reader, List<Reading> output)
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

            if (++count > MaxReadingsPerSample)
            {
                return TelemetryParseResult.Rejected(RejectionReason.TooLarge, $"more than {MaxReadingsPerSample} readings in a sample");
            }

            if (!SafeLabel.IsValid(sensor, out var reason))
            {
                return TelemetryParseResult.Rejected(RejectionReason.Schema, $"sensor name {reason}");
            }

            output.Add(new Reading(string.Empty, sensor, value, default));
        }

        return null;
    }

    private static bool TryReadTimestamp(ref Utf8JsonReader reader, out DateTimeOffset timestamp)
    {
        timestamp = default;
        return reader.Read() && reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out timestamp);
    }

    private record struct Sample(DateTimeOffset? Timestamp, long? Sequence);

    private record struct SampleSpan(int Start, int Count);
}
