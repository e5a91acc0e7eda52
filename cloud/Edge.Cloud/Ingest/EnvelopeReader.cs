using System.Buffers;
using System.Text.Json;
using Edge.Contracts;

namespace Edge.Cloud.Ingest;

/// <summary>Reads and checks an uplink envelope. Returns null (with a reason) for anything the store must not see.</summary>
public static class EnvelopeReader
{
    public static UplinkEnvelope? TryRead(ReadOnlySequence<byte> payload, out string? error)
    {
        UplinkEnvelope? envelope = null;
        try
        {
            var reader = new Utf8JsonReader(payload);
            envelope = SummaryEnvelopeReader.TryRead(ref reader);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // Malformed: the serializer below says so in its own words.
        }

        return envelope is null ? Deserialize(payload, out error) : Check(envelope, out error);
    }

    /// <summary>The serializer's reading (every kind of message, and the reason when it is not readable), then the checks.</summary>
    private static UplinkEnvelope? Deserialize(ReadOnlySequence<byte> payload, out string? error)
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

        return Check(envelope, out error);
    }

    /// <summary>What the store may see: a supported version, a safe gateway id, a positive sequence, safe labels.</summary>
    internal static UplinkEnvelope? Check(UplinkEnvelope envelope, out string? error)
    {
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

        error = CheckLabels(envelope.Message);
        return error is null ? envelope : null;
    }

    /// <summary>Defence in depth: the gateway's egress guard checks these too, but the cloud must not store an identifier-shaped label either.</summary>
    private static string? CheckLabels(UplinkMessage? message)
    {
        switch (message)
        {
            case null:
                return "no message";
            case MachineSummary summary:
                if (!SafeLabel.IsValid(summary.MachineId, out var reason))
                {
                    return $"machine id {reason}";
                }

                if (summary.Sensors is null)
                {
                    return "no sensors";
                }

                foreach (var sensor in summary.Sensors)
                {
                    if (!SafeLabel.IsValid(sensor?.Sensor, out reason))
                    {
                        return $"sensor name {reason}";
                    }
                }

                return null;
            case FailureAlert alert:
                return !SafeLabel.IsValid(alert.MachineId, out reason) ? $"machine id {reason}"
                    : !SafeLabel.IsValid(alert.AlertId, out reason) ? $"alert id {reason}"
                    : null;
            case FootfallReport footfall:
                if (!SafeLabel.IsValid(footfall.StoreId, out reason))
                {
                    return $"store id {reason}";
                }

                if (footfall.Cells is null || footfall.Privacy is null)
                {
                    return "no cells or privacy parameters";
                }

                foreach (var cell in footfall.Cells)
                {
                    if (!SafeLabel.IsValid(cell?.ZoneId, out reason))
                    {
                        return $"zone id {reason}";
                    }
                }

                return null;
            default:
                return null;
        }
    }
}
