using System.Text.Json;
using Edge.Contracts;

namespace Edge.Cloud.Ingest;

/// <summary>
/// The sensors of a machine summary for <see cref="SummaryEnvelopeReader"/>, under the same rule: read only what the
/// serializer reads the same way (every required member once, plain names, a null only for the unit), null otherwise.
/// </summary>
internal static class SensorSummaryReader
{
    private const int SensorSeen = 1;
    private const int UnitSeen = 2;
    private const int CountSeen = 4;
    private const int MeanSeen = 8;
    private const int MinSeen = 16;
    private const int MaxSeen = 32;
    private const int StandardDeviationSeen = 64;
    private const int SensorRequired = SensorSeen | CountSeen | MeanSeen | MinSeen | MaxSeen | StandardDeviationSeen;

    /// <summary>The array of sensors under <paramref name="reader"/> (positioned on its property name); null when not the plain case.</summary>
    public static List<SensorSummary>? TryReadList(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }

        var sensors = new List<SensorSummary>(4);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            var sensor = TryReadSensor(ref reader);
            if (sensor is null)
            {
                return null;
            }

            sensors.Add(sensor);
        }

        return reader.TokenType == JsonTokenType.EndArray ? sensors : null;
    }

    private static SensorSummary? TryReadSensor(ref Utf8JsonReader reader)
    {
        var seen = 0;
        string? name = null;
        string? unit = null;
        long count = 0;
        double mean = 0;
        double min = 0;
        double max = 0;
        double standardDeviation = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!SummaryEnvelopeReader.IsPlainName(ref reader))
            {
                return null;
            }

            int property;
            if (reader.ValueTextEquals("sensor"u8))
            {
                property = SensorSeen;
                if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    return null;
                }

                name = reader.GetString();
            }
            else if (reader.ValueTextEquals("unit"u8))
            {
                property = UnitSeen;
                if (!reader.Read() || reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
                {
                    return null;
                }

                unit = reader.GetString();
            }
            else if (reader.ValueTextEquals("count"u8))
            {
                property = CountSeen;
                if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out count))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("mean"u8))
            {
                property = MeanSeen;
                if (!SummaryEnvelopeReader.TryReadDouble(ref reader, out mean))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("min"u8))
            {
                property = MinSeen;
                if (!SummaryEnvelopeReader.TryReadDouble(ref reader, out min))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("max"u8))
            {
                property = MaxSeen;
                if (!SummaryEnvelopeReader.TryReadDouble(ref reader, out max))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("standardDeviation"u8))
            {
                property = StandardDeviationSeen;
                if (!SummaryEnvelopeReader.TryReadDouble(ref reader, out standardDeviation))
                {
                    return null;
                }
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

        if (reader.TokenType != JsonTokenType.EndObject || (seen & SensorRequired) != SensorRequired)
        {
            return null;
        }

        return new SensorSummary
        {
            Sensor = name!,
            Unit = unit,
            Count = count,
            Mean = mean,
            Min = min,
            Max = max,
            StandardDeviation = standardDeviation,
        };
    }
}
