using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using Edge.Contracts;

namespace Edge.Gateway.Telemetry;

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

    // Machine and sensor names repeat in every message: known ones are looked up from the JSON's characters instead of
    // allocated again (120 of the 152 bytes per message left on this path; IngestBenchmarks). Bounded, so a device
    // inventing names cannot grow it; past the bound names are allocated as before.
    private const int MaxCachedNames = 4096;
    private const int MaxCachedNameLength = 64;

    private readonly Func<string, bool> _isKnownMachine;
    private readonly double _maxAbsoluteValue;
    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _namesBySpan;
    private int _cachedNames;

    public TelemetryParser(Func<string, bool> isKnownMachine, double maxAbsoluteValue)
    {
        ArgumentNullException.ThrowIfNull(isKnownMachine);
        _isKnownMachine = isKnownMachine;
        _maxAbsoluteValue = maxAbsoluteValue;
        _namesBySpan = _names.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Parses <paramref name="payload"/>; on success appends the readings to <paramref name="output"/>.</summary>
    public TelemetryParseResult Parse(string deviceId, ReadOnlySequence<byte> payload, DateTimeOffset receivedAt, List<Reading> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var start = output.Count;
        try
        {
            var result = ParseCore(deviceId, payload, receivedAt, output);
            if (!result.IsAccepted)
            {
                output.RemoveRange(start, output.Count - start);
            }

            return result;
        }
        catch (JsonException exception)
        {
            output.RemoveRange(start, output.Count - start);
            return TelemetryParseResult.Rejected(RejectionReason.Malformed, $"invalid JSON at byte {exception.BytePositionInLine}");
        }
    }

    private TelemetryParseResult ParseCore(string deviceId, ReadOnlySequence<byte> payload, DateTimeOffset receivedAt, List<Reading> output)
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

                machineId = ReadName(ref reader);
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
                var error = ReadSamples(ref reader, output, ref samples);
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

    private TelemetryParseResult? ReadSamples(ref Utf8JsonReader reader, List<Reading> output, ref SampleSpan samples)
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

    private TelemetryParseResult? ReadReadings(ref Utf8JsonReader reader, List<Reading> output)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return TelemetryParseResult.Rejected(RejectionReason.Schema, "readings must be an object of sensor: number");
        }

        var count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var sensor = ReadName(ref reader);
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

    /// <summary>The current string token or property name, from the name cache when it is there.</summary>
    private string ReadName(ref Utf8JsonReader reader)
    {
        var byteLength = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (byteLength > MaxCachedNameLength)
        {
            return reader.GetString()!;
        }

        // UTF-8 never takes fewer bytes than UTF-16 code units, so the unescaped name fits.
        Span<char> buffer = stackalloc char[MaxCachedNameLength];
        var name = buffer[..reader.CopyString(buffer)];
        if (_namesBySpan.TryGetValue(name, out var known))
        {
            return known;
        }

        var value = name.ToString();
        if (Volatile.Read(ref _cachedNames) < MaxCachedNames && _names.TryAdd(value, value))
        {
            Interlocked.Increment(ref _cachedNames);
        }

        return value;
    }

    private static bool TryReadTimestamp(ref Utf8JsonReader reader, out DateTimeOffset timestamp)
    {
        timestamp = default;
        return reader.Read() && reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out timestamp);
    }

    private record struct Sample(DateTimeOffset? Timestamp, long? Sequence);

    private record struct SampleSpan(int Start, int Count);
}
