namespace Edge.Privacy;

/// <summary>
/// A growable array of structs stored in chunks of <see cref="ChunkSize"/> slots, each slot <c>width</c> elements
/// wide. It grows one chunk at a time, so at most one chunk is partly used: none of the up to 50 % of unused capacity
/// a doubling array carries, no copy when it grows, and no chunk large enough for the large-object heap.
/// </summary>
/// <remarks>Used for per-device state, where the bytes per device are a target (see the Beacons README).</remarks>
public sealed class ChunkedArray<T>
    where T : struct
{
    public const int ChunkShift = 9;
    public const int ChunkSize = 1 << ChunkShift;
    private const int ChunkMask = ChunkSize - 1;

    private readonly int _width;
    private T[][] _chunks = [];

    public ChunkedArray(int width = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        _width = width;
    }

    /// <summary>Slots that can be addressed without <see cref="EnsureSlot"/>.</summary>
    public int Capacity { get; private set; }

    /// <summary>The first element of a slot (width 1: the slot's element).</summary>
    public ref T this[int slot] => ref _chunks[slot >> ChunkShift][(slot & ChunkMask) * _width];

    /// <summary>All elements of a slot.</summary>
    public Span<T> Row(int slot) => _chunks[slot >> ChunkShift].AsSpan((slot & ChunkMask) * _width, _width);

    /// <summary>Makes <paramref name="slot"/> addressable, adding a chunk when it is the first slot of a new one.</summary>
    public void EnsureSlot(int slot)
    {
        while (slot >= Capacity)
        {
            var chunk = Capacity >> ChunkShift;
            if (chunk == _chunks.Length)
            {
                Array.Resize(ref _chunks, Math.Max(4, _chunks.Length * 2));
            }

            _chunks[chunk] = new T[ChunkSize * _width];
            Capacity += ChunkSize;
        }
    }

    /// <summary>Gives every chunk back to the garbage collector.</summary>
    public void Release()
    {
        _chunks = [];
        Capacity = 0;
    }
}
