using System.Buffers;
using System.Runtime.InteropServices;
using Edge.Ingest.Sparkplug.Protobuf;
using Google.Protobuf;

namespace Edge.Ingest.Sparkplug;

/// <summary>Decodes Sparkplug B payloads without letting a hostile payload throw, and reads metric values as numbers.</summary>
internal static class SparkplugDecoder
{
    /// <summary>Nesting allowed in a payload (templates and data sets nest); Google.Protobuf's default is 100.</summary>
    private const int RecursionLimit = 16;

    public static bool TryDecode(ReadOnlySequence<byte> bytes, out Payload? payload, out string? error)
    {
        try
        {
            var parsed = new Payload();
            // A payload in one array-backed segment (the broker's usual hand-over) is read in place, not copied. The
            // stream form is what lets the recursion limit be set; it costs the input stream's own 4 KiB buffer.
            var stream = bytes.IsSingleSegment && MemoryMarshal.TryGetArray(bytes.First, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(bytes.ToArray(), writable: false);
            using var input = CodedInputStream.CreateWithLimits(stream, int.MaxValue, RecursionLimit);
            parsed.MergeFrom(input);
            payload = parsed;
            error = null;
            return true;
        }
        catch (InvalidProtocolBufferException exception)
        {
            payload = null;
            error = exception.Message;
            return false;
        }
    }

    /// <summary>
    /// The metric's value as a number when its data type is numeric or Boolean (spec 3.0, 6.4.16: signed 8-32 bit values
    /// travel as two's complement in <c>int_value</c>, 64-bit ones in <c>long_value</c>).
    /// </summary>
    public static bool TryGetNumber(Payload.Types.Metric metric, out double value)
    {
        ArgumentNullException.ThrowIfNull(metric);
        value = 0;
        if (metric.IsNull)
        {
            return false;
        }

        switch ((DataType)metric.Datatype, metric.ValueCase)
        {
            case (DataType.Int8, Payload.Types.Metric.ValueOneofCase.IntValue):
                value = unchecked((sbyte)metric.IntValue);
                return true;
            case (DataType.Int16, Payload.Types.Metric.ValueOneofCase.IntValue):
                value = unchecked((short)metric.IntValue);
                return true;
            case (DataType.Int32, Payload.Types.Metric.ValueOneofCase.IntValue):
                value = unchecked((int)metric.IntValue);
                return true;
            case (DataType.Uint8 or DataType.Uint16 or DataType.Uint32, Payload.Types.Metric.ValueOneofCase.IntValue):
                value = metric.IntValue;
                return true;
            case (DataType.Int64, Payload.Types.Metric.ValueOneofCase.LongValue):
                value = unchecked((long)metric.LongValue);
                return true;
            case (DataType.Uint64 or DataType.Uint32, Payload.Types.Metric.ValueOneofCase.LongValue):
                value = metric.LongValue;
                return true;
            case (DataType.Float, Payload.Types.Metric.ValueOneofCase.FloatValue):
                value = metric.FloatValue;
                return double.IsFinite(value);
            case (DataType.Double, Payload.Types.Metric.ValueOneofCase.DoubleValue):
                value = metric.DoubleValue;
                return double.IsFinite(value);
            case (DataType.Boolean, Payload.Types.Metric.ValueOneofCase.BooleanValue):
                value = metric.BooleanValue ? 1 : 0;
                return true;
            default:
                return false;
        }
    }

    /// <summary>The NCMD payload asking a node to rebirth (spec 3.0, 6.4.6 metric <c>Node Control/Rebirth</c> = true).</summary>
    public static byte[] RebirthRequest(DateTimeOffset now)
    {
        var payload = new Payload { Timestamp = (ulong)now.ToUnixTimeMilliseconds() };
        payload.Metrics.Add(new Payload.Types.Metric
        {
            Name = "Node Control/Rebirth",
            Timestamp = (ulong)now.ToUnixTimeMilliseconds(),
            Datatype = (uint)DataType.Boolean,
            BooleanValue = true,
        });
        return payload.ToByteArray();
    }
}
