namespace Edge.Ingest.Fleet;

/// <summary>
/// Remembers which of a device's last <see cref="Size"/> sequence numbers were seen, like IPsec's anti-replay window:
/// a repeat inside the window is a duplicate (a QoS 1 redelivery or a device resending after a lost PUBACK), an older
/// number inside the window is out of order and accepted once. A number far below the window means the device restarted
/// its counter, so the window starts again from it. Not thread-safe: the owner locks.
/// </summary>
public sealed class SequenceWindow
{
    public const int Size = 1024;

    private readonly ulong[] _seen = new ulong[Size / 64];
    private long _highest;
    private bool _started;

    /// <summary>True when <paramref name="sequence"/> is new (and records it); false for a duplicate.</summary>
    public bool TryAccept(long sequence)
    {
        if (!_started || sequence <= _highest - Size)
        {
            Array.Clear(_seen);
            _highest = sequence;
            _started = true;
            Mark(sequence);
            return true;
        }

        if (sequence > _highest)
        {
            var advance = sequence - _highest;
            if (advance >= Size)
            {
                Array.Clear(_seen);
            }
            else
            {
                for (var next = _highest + 1; next <= sequence; next++)
                {
                    Clear(next);
                }
            }

            _highest = sequence;
            Mark(sequence);
            return true;
        }

        if (IsMarked(sequence))
        {
            return false;
        }

        Mark(sequence);
        return true;
    }

    private static int Slot(long sequence) => (int)(((sequence % Size) + Size) % Size);

    private void Mark(long sequence) => _seen[Slot(sequence) >> 6] |= 1UL << (Slot(sequence) & 63);

    private void Clear(long sequence) => _seen[Slot(sequence) >> 6] &= ~(1UL << (Slot(sequence) & 63));

    private bool IsMarked(long sequence) => (_seen[Slot(sequence) >> 6] & (1UL << (Slot(sequence) & 63))) != 0;
}
