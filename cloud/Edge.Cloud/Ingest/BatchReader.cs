using System.Buffers;
using System.Text.Json;
using Edge.Contracts;

namespace Edge.Cloud.Ingest;

/// <summary>
/// Reads an <see cref="UplinkBatch"/>. The batch as a whole is refused (null, with a reason) when it is not JSON, too
/// large, of an unsupported version or from an unsafe gateway id: nothing in it is stored. Otherwise each record is
/// checked on its own by <see cref="EnvelopeReader"/> (and must name the batch's gateway): the valid ones are returned,
/// the invalid ones only counted, like single messages that fail validation, so one bad record does not make a
/// gateway resend the whole batch forever.
/// </summary>
public static class BatchReader
{
    public static BatchContents? TryRead(ReadOnlySequence<byte> payload, out string? error)
    {
        if (payload.Length > UplinkBatch.MaxBytes)
        {
            error = $"batch of {payload.Length} bytes exceeds {UplinkBatch.MaxBytes}";
            return null;
        }

        var bytes = payload.IsSingleSegment ? payload.First : payload.ToArray();
        int? schemaVersion = null;
        string? gatewayId = null;
        List<(UplinkEnvelope? Read, Range Slice)>? records = null;
        try
        {
            var reader = new Utf8JsonReader(bytes.Span);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "malformed batch: not a JSON object";
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("schemaVersion"u8))
                {
                    reader.Read();
                    schemaVersion = reader.GetInt32();
                }
                else if (reader.ValueTextEquals("gatewayId"u8))
                {
                    reader.Read();
                    gatewayId = reader.GetString();
                }
                else if (reader.ValueTextEquals("records"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        error = "malformed batch: records is not an array";
                        return null;
                    }

                    records = [];
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (records.Count == UplinkBatch.MaxRecords)
                        {
                            error = $"batch holds more than {UplinkBatch.MaxRecords} records";
                            return null;
                        }

                        // A machine summary is read in the same pass; any other record only has its extent noted here
                        // and is deserialized on its own below. Either way each is checked on its own below.
                        var start = (int)reader.TokenStartIndex;
                        var checkpoint = reader;
                        var read = TryReadSummary(ref reader);
                        if (read is null)
                        {
                            reader = checkpoint;
                            reader.Skip();
                        }

                        records.Add((read, new Range(start, (int)reader.BytesConsumed)));
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
        {
            error = $"malformed batch: {exception.Message}";
            return null;
        }

        if (schemaVersion is not { } version || version < ContractVersion.OldestSupported || version > ContractVersion.Current)
        {
            error = $"batch schema version {schemaVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(missing)"} is not supported";
            return null;
        }

        if (!SafeLabel.IsValid(gatewayId, out var reason))
        {
            error = $"batch gateway id {reason}";
            return null;
        }

        if (records is null)
        {
            error = "malformed batch: no records";
            return null;
        }

        var accepted = new List<UplinkEnvelope>(records.Count);
        var rejected = 0;
        string? firstRejection = null;
        foreach (var (read, slice) in records)
        {
            string? recordError;
            var envelope = read is not null
                ? EnvelopeReader.Check(read, out recordError)
                : EnvelopeReader.TryRead(new ReadOnlySequence<byte>(bytes[slice]), out recordError);
            if (envelope is not null && !string.Equals(envelope.GatewayId, gatewayId, StringComparison.Ordinal))
            {
                (envelope, recordError) = (null, "record names another gateway than its batch");
            }

            if (envelope is null)
            {
                rejected++;
                firstRejection ??= recordError;
            }
            else
            {
                accepted.Add(envelope);
            }
        }

        error = null;
        return new BatchContents(accepted, rejected, firstRejection);
    }

    /// <summary>The record under <paramref name="reader"/> when it is a plain machine summary; null (the reader anywhere inside it) otherwise.</summary>
    private static UplinkEnvelope? TryReadSummary(ref Utf8JsonReader reader)
    {
        try
        {
            return SummaryEnvelopeReader.TryRead(ref reader);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // Malformed: skipping it from the checkpoint reports it for the whole batch, as before.
            return null;
        }
    }
}
