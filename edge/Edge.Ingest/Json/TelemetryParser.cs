using System.Buffers;
using System.Text.Json;
using Edge.Contracts;
using Edge.Ingest.Telemetry;
using Edge.Kernel;

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
        var start = output.Count;
        var sampleCount = 0;
        DateTimeOffset? singleTimestamp = null;
        long? singleSequence = null;
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
                var error = TelemetrySampleReader.ReadReadings(ref reader, output);
                if (error is not null)
                {
                    return error.Value;
                }
            }
            else if (reader.ValueTextEquals("samples"u8))
            {
                sawSamples = true;
                var error = TelemetrySampleReader.ReadSamples(ref reader, output, ref sampleCount, sequences);
                if (error is not null)
                {
                    return error.Value;
                }
            }
            else if (reader.ValueTextEquals("timestamp"u8))
            {
                if (!TelemetrySampleReader.TryReadTimestamp(ref reader, out var timestamp))
                {
                    return TelemetryParseResult.Rejected(RejectionReason.Schema, "timestamp must be an ISO 8601 string");
                }

                singleTimestamp = timestamp;
            }
            else if (reader.ValueTextEquals("sequence"u8))
            {
                if (!TelemetrySampleReader.TryReadSequence(ref reader, out var sequence))
                {
                    return TelemetryParseResult.Rejected(RejectionReason.Schema, "sequence must be an integer");
                }

                singleSequence = sequence;
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

        if (sawReadings && singleSequence is { } number && sequences is not null)
        {
            sequences.Add(new SampleSequence(start, output.Count - start, number));
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
        for (var i = start; i < output.Count; i++)
        {
            var reading = output[i];
            if (!double.IsFinite(reading.Value) || Math.Abs(reading.Value) > _maxAbsoluteValue)
            {
                return TelemetryParseResult.Rejected(RejectionReason.OutOfRange, $"reading '{reading.Sensor}' is out of range");
            }

            var timestamp = reading.Timestamp == default ? singleTimestamp ?? receivedAt : reading.Timestamp;
            output[i] = reading with { MachineId = machineId, Timestamp = timestamp };
            count++;
        }

        return count == 0
            ? TelemetryParseResult.Rejected(RejectionReason.Schema, "no readings")
            : TelemetryParseResult.Accepted(count);
    }
}
