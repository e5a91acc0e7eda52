namespace Edge.Beacons.Decoding;

/// <summary>
/// Walks advertising data as the Core Specification (Vol 3, Part C, section 11) lays it out: a sequence of
/// [length][type][length-1 bytes of data]. A length of zero ends the significant part early; what follows must be
/// zero padding. Use <see cref="Validate"/> first; enumeration stops silently at the first malformed structure.
/// </summary>
internal ref struct AdStructureReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _offset;

    public AdStructureReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _offset = 0;
        Current = default;
    }

    public AdStructure Current { get; private set; }

    public readonly AdStructureReader GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_offset >= _data.Length)
        {
            return false;
        }

        int length = _data[_offset];
        if (length == 0 || _offset + 1 + length > _data.Length)
        {
            _offset = _data.Length;
            return false;
        }

        Current = new AdStructure(_data[_offset + 1], _data.Slice(_offset + 2, length - 1));
        _offset += 1 + length;
        return true;
    }

    /// <summary>Checks every structure's length against the data; returns <see cref="DecodeError.None"/> when well formed.</summary>
    public static DecodeError Validate(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return DecodeError.Empty;
        }

        var offset = 0;
        while (offset < data.Length)
        {
            int length = data[offset];
            if (length == 0)
            {
                return data[(offset + 1)..].ContainsAnyExcept((byte)0)
                    ? DecodeError.AdStructureMissingType
                    : (offset == 0 ? DecodeError.Empty : DecodeError.None);
            }

            if (offset + 1 + length > data.Length)
            {
                return DecodeError.AdStructureOverrun;
            }

            offset += 1 + length;
        }

        return DecodeError.None;
    }
}
