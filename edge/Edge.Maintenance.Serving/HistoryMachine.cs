using Edge.Maintenance.History;

namespace Edge.Maintenance.Serving;

/// <summary>
/// One machine's history-model state: the serving model's and, while one runs, the shadow model's
/// <see cref="HistoryMachineState"/>, each with the version it belongs to; and its checkpoint format. A checkpoint read
/// at start is kept as bytes until the machine's first window, when the models to read it with are known.
/// </summary>
internal sealed class HistoryMachine
{
    // Format of a machine's checkpoint row: version, kind, each model's (stage, version, state bytes), then the SHA-256
    // of all that: a row damaged on disk is refused as a whole, even where the model's own state format would take it.
    private const int FormatVersion = 1;
    private const int HashBytes = 32;

    public HistoryMachine(string kind)
    {
        Kind = kind;
    }

    public string Kind { get; }

    public HistoryTrack? Serving { get; set; }

    public HistoryTrack? Shadow { get; set; }

    /// <summary>Tracks read from a checkpoint, not yet matched to a model.</summary>
    public List<(string Stage, string Version, byte[] State)>? Restored { get; set; }

    /// <summary>Events that came before the machine's first window after a start; applied once its states exist.</summary>
    public List<MachineEvent>? PendingEvents { get; set; }

    /// <summary>Changed since the last checkpoint.</summary>
    public bool Dirty { get; set; }

    public int ApproximateBytes =>
        64 + (Serving is { } serving ? 48 + serving.State.ApproximateBytes : 0) + (Shadow is { } shadow ? 48 + shadow.State.ApproximateBytes : 0);

    /// <summary>
    /// The state for <paramref name="model"/>: the one held for its version, a restored one, the state of the model it
    /// replaces (<paramref name="replaced"/>) when that has the same dimensions (a retrained model continues where the
    /// previous one was), or a new one.
    /// </summary>
    public HistoryTrack Take(HistoryModel model, HistoryTrack? held, Action<Exception> corrupt, HistoryTrack? replaced = null)
    {
        if (held is not null && string.Equals(held.Version, model.Version, StringComparison.Ordinal))
        {
            return held;
        }

        if (Restored is { } restored)
        {
            for (var i = 0; i < restored.Count; i++)
            {
                if (!string.Equals(restored[i].Version, model.Version, StringComparison.Ordinal))
                {
                    continue;
                }

                var bytes = restored[i].State;
                restored.RemoveAt(i);
                try
                {
                    using var stream = new MemoryStream(bytes, writable: false);
                    return new HistoryTrack(model.Version, HistoryMachineState.ReadFrom(model, stream));
                }
                catch (Exception exception) when (exception is InvalidDataException or EndOfStreamException or IOException or ArgumentException or FormatException or OverflowException or IndexOutOfRangeException)
                {
                    corrupt(exception);
                    break;
                }
            }
        }

        if (replaced is not null)
        {
            try
            {
                using var stream = new MemoryStream(Bytes(replaced.State), writable: false);
                return new HistoryTrack(model.Version, HistoryMachineState.ReadFrom(model, stream));
            }
            catch (InvalidDataException)
            {
                // Another sensor set, windows or components: the new model starts afresh.
            }
        }

        return new HistoryTrack(model.Version, model.CreateState());
    }

    public byte[] Checkpoint()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(FormatVersion);
            writer.Write(Kind);
            var tracks = new List<(string Stage, string Version, byte[] State)>();
            if (Serving is { } serving)
            {
                tracks.Add(("serving", serving.Version, Bytes(serving.State)));
            }

            if (Shadow is { } shadow)
            {
                tracks.Add(("shadow", shadow.Version, Bytes(shadow.State)));
            }

            // Tracks restored but not matched yet (their model is not loaded yet) are kept for a later start.
            foreach (var restored in Restored ?? [])
            {
                tracks.Add(restored);
            }

            writer.Write(tracks.Count);
            foreach (var (stage, version, state) in tracks)
            {
                writer.Write(stage);
                writer.Write(version);
                writer.Write(state.Length);
                writer.Write(state);
            }
        }

        var hash = System.Security.Cryptography.SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        buffer.Write(hash);
        return buffer.ToArray();
    }

    /// <summary>Reads a checkpoint row; throws <see cref="InvalidDataException"/> (or a stream exception) when it is not one.</summary>
    public static HistoryMachine Read(byte[] checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (checkpoint.Length < HashBytes + 4 ||
            !System.Security.Cryptography.SHA256.HashData(checkpoint.AsSpan(0, checkpoint.Length - HashBytes)).AsSpan().SequenceEqual(checkpoint.AsSpan(checkpoint.Length - HashBytes)))
        {
            throw new InvalidDataException("checkpoint checksum mismatch");
        }

        var body = checkpoint.Length - HashBytes;
        using var reader = new BinaryReader(new MemoryStream(checkpoint, 0, body, writable: false), System.Text.Encoding.UTF8);
        var format = reader.ReadInt32();
        if (format != FormatVersion)
        {
            throw new InvalidDataException($"checkpoint format {format}, expected {FormatVersion}");
        }

        var machine = new HistoryMachine(reader.ReadString()) { Restored = [] };
        var count = reader.ReadInt32();
        if (count is < 0 or > 16)
        {
            throw new InvalidDataException("checkpoint track count out of range");
        }

        for (var t = 0; t < count; t++)
        {
            var stage = reader.ReadString();
            var version = reader.ReadString();
            var length = reader.ReadInt32();
            if (length < 0 || length > body)
            {
                throw new InvalidDataException("checkpoint state length out of range");
            }

            var state = reader.ReadBytes(length);
            if (state.Length != length)
            {
                throw new EndOfStreamException("checkpoint truncated");
            }

            machine.Restored.Add((stage, version, state));
        }

        if (reader.BaseStream.Position != body)
        {
            throw new InvalidDataException("checkpoint has trailing bytes");
        }

        return machine;
    }

    private static byte[] Bytes(HistoryMachineState state)
    {
        using var buffer = new MemoryStream();
        state.WriteTo(buffer);
        return buffer.ToArray();
    }
}
