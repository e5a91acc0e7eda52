using System.Buffers;
using System.Text.Json;
using Edge.Contracts;

namespace Edge.Cloud.Ingest;

/// <summary>Reads and checks an uplink envelope. Returns null (with a reason) for anything the store must not see.</summary>
public static class EnvelopeReader
{
    public static UplinkEnvelope? TryRead(ReadOnlySequence<byte> payload, out string? error)
    {
        UplinkEnvelope? envelope;
        try
        {
            var reader = new Utf8JsonReader(payload);
            envelope = JsonSerializer.Deserialize(ref reader, ContractsJsonContext.Default.UplinkEnvelope);
        }
        catch (JsonException exception)
        {
            error = $"malformed envelope: {exception.Message}";
            return null;
        }
        catch (NotSupportedException exception)
        {
            error = $"unsupported message: {exception.Message}";
            return null;
        }

        if (envelope is null)
        {
            error = "empty envelope";
            return null;
        }

        if (envelope.SchemaVersion < ContractVersion.OldestSupported || envelope.SchemaVersion > ContractVersion.Current)
        {
            error = $"schema version {envelope.SchemaVersion} is not supported";
            return null;
        }

        if (!SafeLabel.IsValid(envelope.GatewayId, out var reason))
        {
            error = $"gateway id {reason}";
            return null;
        }

        if (envelope.Sequence <= 0)
        {
            error = "sequence must be positive";
            return null;
        }

        error = null;
        return envelope;
    }
}
