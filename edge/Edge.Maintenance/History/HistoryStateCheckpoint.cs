using System.Text;
using Edge.Maintenance.Features;

namespace Edge.Maintenance.History;

/// <summary>
/// Binary checkpoint of a <see cref="HistoryMachineState"/>: a magic, a version, the dimensions it was written with
/// (sensors, longest window, averages, components), then every field. Reading checks all of them against the model it
/// is read for and throws <see cref="InvalidDataException"/> on any mismatch: a checkpoint of another model is refused,
/// never misread.
/// </summary>
internal static class HistoryStateCheckpoint
{
    private const int Magic = 0x31534D48; // "HMS1"

    public static void Write(HistoryMachineState state, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        var spec = state.Spec;
        writer.Write(Magic);
        writer.Write(HistoryMachineState.CheckpointVersion);
        WriteDimensions(writer, spec);
        var (bucket, closedAt, resetAt, maintenanceAt, failureAt, baselineCount, errorNext, errorCount) = state.Scalars;
        writer.Write(bucket);
        writer.Write(closedAt);
        writer.Write(resetAt);
        writer.Write(maintenanceAt);
        writer.Write(failureAt);
        writer.Write(baselineCount);
        writer.Write(errorNext);
        writer.Write(errorCount);
        writer.Write(state.Age);
        writer.Write(state.ModelIndex);
        var arrays = state.Arrays;
        WriteAll(writer, arrays.Sums);
        foreach (var count in arrays.Counts)
        {
            writer.Write(count);
        }

        WriteAll(writer, arrays.Last);
        WriteAll(writer, arrays.BaselineSum);
        WriteAll(writer, arrays.BaselineSquares);
        WriteAll(writer, arrays.ComponentTicks);
        WriteAll(writer, arrays.ErrorTicks);
        state.Rolling.WriteTo(writer);
    }

    public static HistoryMachineState Read(HistoryFeatureSpec spec, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            if (reader.ReadInt32() != Magic)
            {
                throw new InvalidDataException("Not a machine state checkpoint.");
            }

            var version = reader.ReadInt32();
            if (version != HistoryMachineState.CheckpointVersion)
            {
                throw new InvalidDataException($"Machine state checkpoint version {version}, this build reads {HistoryMachineState.CheckpointVersion}.");
            }

            using (var expected = new MemoryStream())
            {
                using (var writer = new BinaryWriter(expected, Encoding.UTF8, leaveOpen: true))
                {
                    WriteDimensions(writer, spec);
                }

                var actual = reader.ReadBytes((int)expected.Length);
                if (!actual.AsSpan().SequenceEqual(expected.ToArray()))
                {
                    throw new InvalidDataException("The machine state checkpoint was written for another model (sensors, windows or components differ).");
                }
            }

            var state = new HistoryMachineState(spec, null);
            state.Scalars = (reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(),
                reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
            state.Age = reader.ReadDouble();
            state.ModelIndex = reader.ReadInt32();
            var arrays = state.Arrays;
            ReadAll(reader, arrays.Sums);
            for (var i = 0; i < arrays.Counts.Length; i++)
            {
                arrays.Counts[i] = reader.ReadInt32();
            }

            ReadAll(reader, arrays.Last);
            ReadAll(reader, arrays.BaselineSum);
            ReadAll(reader, arrays.BaselineSquares);
            ReadAll(reader, arrays.ComponentTicks);
            ReadAll(reader, arrays.ErrorTicks);
            state.Rolling = SequenceFeatureState.ReadFrom(spec.RollingSchema(), reader);
            return state;
        }
        catch (EndOfStreamException exception)
        {
            throw new InvalidDataException("The machine state checkpoint is truncated.", exception);
        }
    }

    /// <summary>An independent copy (no step-closed callback).</summary>
    public static HistoryMachineState Copy(HistoryMachineState state)
    {
        var copy = new HistoryMachineState(state.Spec, null) { Age = state.Age, ModelIndex = state.ModelIndex, Scalars = state.Scalars, Rolling = state.Rolling.Clone() };
        var (from, to) = (state.Arrays, copy.Arrays);
        from.Sums.CopyTo(to.Sums, 0);
        from.Counts.CopyTo(to.Counts, 0);
        from.Last.CopyTo(to.Last, 0);
        from.BaselineSum.CopyTo(to.BaselineSum, 0);
        from.BaselineSquares.CopyTo(to.BaselineSquares, 0);
        from.ComponentTicks.CopyTo(to.ComponentTicks, 0);
        from.ErrorTicks.CopyTo(to.ErrorTicks, 0);
        return copy;
    }

    private static void WriteDimensions(BinaryWriter writer, HistoryFeatureSpec spec)
    {
        writer.Write(spec.Step.Ticks);
        writer.Write(spec.Sensors.Count);
        foreach (var sensor in spec.Sensors)
        {
            writer.Write(sensor);
        }

        writer.Write(spec.RollingSchema().MaxWindow);
        writer.Write(spec.Rolling.EwmaAlphas.Count);
        writer.Write(spec.Components.Count);
        writer.Write(HistoryFeatureSpec.ErrorCapacity);
    }

    private static void WriteAll(BinaryWriter writer, double[] values)
    {
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    private static void WriteAll(BinaryWriter writer, long[] values)
    {
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    private static void ReadAll(BinaryReader reader, double[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadDouble();
        }
    }

    private static void ReadAll(BinaryReader reader, long[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadInt64();
        }
    }
}
