namespace Edge.Beacons.Decoding;

/// <summary>One AD structure: its type and the data after the type byte.</summary>
internal readonly ref struct AdStructure(byte type, ReadOnlySpan<byte> data)
{
    public byte Type { get; } = type;

    public ReadOnlySpan<byte> Data { get; } = data;
}
