using System.Runtime.CompilerServices;
using Edge.Privacy;

namespace Edge.Beacons.Zones;

/// <summary>
/// The devices <see cref="ZoneTracker"/> holds, as one compact table rather than an object each: a slot per address
/// pseudonym, its fixed state and its per-zone signals, read and written through <see cref="DeviceTrack"/> views.
/// </summary>
/// <remarks>
/// Memory per tracked device is a target (256 bytes on the whole footfall path). <see cref="PseudonymIndex"/> maps the
/// 16-byte address pseudonym to a slot (about 24 bytes with its hash index); the slot's <see cref="TrackState"/>
/// (56 bytes) and its per-zone <see cref="ZoneSignal"/>s (8 bytes per zone) live by value in chunked arrays. All
/// pseudonyms in the table share one key epoch (the tracker closes every visit and clears the table before a new
/// epoch), so the epoch is kept once, and all instants are milliseconds from one base instant.
/// Not thread-safe: the tracker locks.
/// </remarks>
internal sealed class DeviceTable
{
    private readonly PseudonymIndex _index = new();
    private readonly ChunkedArray<TrackState> _states = new();
    private readonly ChunkedArray<ZoneSignal> _signals;

    // Instant (UTC ticks) that stored milliseconds count from; moved only while the table is empty or by KeepInRange.
    private long _baseTicks;

    public DeviceTable(int zoneCount)
    {
        _signals = new ChunkedArray<ZoneSignal>(Math.Max(1, zoneCount));
    }

    /// <summary>Devices in the table.</summary>
    public int Count => _index.Count;

    /// <summary>One past the highest slot in use since the last <see cref="Clear"/>: iterate slots below it.</summary>
    public int HighWater => _index.HighWater;

    /// <summary>The key epoch of every pseudonym in the table.</summary>
    public int Epoch { get; set; }

    public bool IsUsed(int slot) => _index.IsUsed(slot);

    /// <summary>The stored state of a used slot, for checks that need no <see cref="DeviceTrack"/> view.</summary>
    public ref TrackState State(int slot) => ref _states[slot];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public DeviceTrack Track(int slot) => new(ref _states[slot], _signals.Row(slot), _baseTicks, Epoch);

    /// <summary>The slot of <paramref name="device"/>, or -1.</summary>
    public int Find(Pseudonym device) => _index.Find(device);

    /// <summary>Gives <paramref name="device"/> a slot (growing the storage if needed) with fresh state.</summary>
    public int Add(Pseudonym device, DateTimeOffset firstSeen, int deviceClass)
    {
        var slot = _index.Add(device);
        _states.EnsureSlot(slot);
        _signals.EnsureSlot(slot);
        Track(slot).Initialize(device, firstSeen, deviceClass);
        return slot;
    }

    /// <summary>Frees a slot; its storage is reused, and reinitialized, by a later <see cref="Add"/>.</summary>
    public void Remove(int slot) => _index.Remove(slot);

    /// <summary>Empties the table and gives its storage back to the garbage collector.</summary>
    public void Clear()
    {
        _index.Clear();
        _states.Release();
        _signals.Release();
    }

    /// <summary>
    /// Keeps every instant the table stores within 12 days of its base (an int of milliseconds holds 24): an empty
    /// table takes the instant as its base; a full one moves its base by whole milliseconds and its stored instants
    /// with it (a clock jump of days; instants then older than 24 days are clamped, long past any timeout).
    /// </summary>
    public void KeepInRange(DateTimeOffset at)
    {
        const long Limit = 1L << 30;
        if (_index.Count == 0)
        {
            _baseTicks = at.UtcTicks;
            return;
        }

        var shift = DeviceTrack.MillisecondsSinceBase(at.UtcTicks, _baseTicks);
        if (shift is > -Limit and < Limit)
        {
            return;
        }

        _baseTicks += shift * TimeSpan.TicksPerMillisecond;
        for (var slot = 0; slot < _index.HighWater; slot++)
        {
            if (!_index.IsUsed(slot))
            {
                continue;
            }

            ref var state = ref _states[slot];
            state.FirstSeen = Shift(state.FirstSeen, shift);
            state.LastSeen = Shift(state.LastSeen, shift);
            state.ZoneEntered = Shift(state.ZoneEntered, shift);
            state.CandidateSince = Shift(state.CandidateSince, shift);
            state.LastReported = Shift(state.LastReported, shift);
            foreach (ref var signal in _signals.Row(slot))
            {
                signal.AtMilliseconds = Shift(signal.AtMilliseconds, shift);
            }
        }
    }

    private static int Shift(int milliseconds, long by) =>
        milliseconds == DeviceTrack.Never ? DeviceTrack.Never : DeviceTrack.Clamp(milliseconds - by);
}
