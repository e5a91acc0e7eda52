using Edge.Contracts;
using Edge.Maintenance.Features;

namespace Edge.Maintenance.Serving;

/// <summary>
/// The last <see cref="MaintenanceOptions.HistoryWindows"/> window means of one machine's sensors, replayed into a model
/// swapped in mid-life so that it does not start from nothing. A ring of single-precision rows, one slot per sensor
/// (NaN: not in that window), except for the sensors a model's feature state already holds for at least as many windows
/// (the <em>covering</em> state): their values are read back from that state instead of being kept twice. Used only
/// from the window service's thread, by the <see cref="MachineTracker"/>.
/// </summary>
internal sealed class WindowHistory
{
    private readonly int _capacity;
    private float[] _rows = [];

    // Per sensor column: its slot in a row (>= 0), or -(channel + 1): the covering state's channel that holds it.
    private int[] _map = [];
    private int _width;
    private int _next;
    private SequenceFeatureState? _covering;

    public WindowHistory(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>Windows kept (at most the capacity).</summary>
    public int Count { get; private set; }

    /// <summary>The model feature state the covered sensors are read from, if any.</summary>
    public SequenceFeatureState? Covering => _covering;

    /// <summary>Bytes of the rows kept (zero while the covering state holds every sensor).</summary>
    public int RowBytes => _rows.Length * sizeof(float);

    /// <summary>
    /// Whether <paramref name="sequence"/> can stand in for the history of its channels: it keeps at least the
    /// capacity's steps and has taken that many windows (every window since it was created, carried over windows
    /// that lacked a sensor: what a replay of the history would push).
    /// </summary>
    public bool CanCover(SequenceFeatureState sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        return sequence.Schema.MaxWindow >= _capacity && sequence.Count >= _capacity;
    }

    /// <summary>
    /// Records one window. Call before the window is pushed into the covering state; a layout that grew since the last
    /// window gets slots for its new sensors (absent in the older rows).
    /// </summary>
    public void Append(SensorLayout layout, IReadOnlyList<SensorSummary> sensors)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(sensors);
        if (_map.Length != layout.Count)
        {
            Relayout(layout, _covering);
        }

        var row = _rows.AsSpan(_next * _width, _width);
        row.Fill(float.NaN);
        foreach (var sensor in sensors)
        {
            var slot = _map[layout.ColumnOf(sensor.Sensor)];
            if (slot >= 0)
            {
                row[slot] = (float)sensor.Mean;
            }
        }

        _next = (_next + 1) % _capacity;
        Count = Math.Min(Count + 1, _capacity);
    }

    /// <summary>
    /// Makes <paramref name="covering"/> (null: none) the state the sensors it reads are taken from, re-laying the rows
    /// out if that changes anything. Call with null before the covering state is replaced or dropped.
    /// </summary>
    public void Cover(SensorLayout layout, SequenceFeatureState? covering)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (covering != _covering || _map.Length != layout.Count)
        {
            Relayout(layout, covering);
        }
    }

    /// <summary>
    /// Pushes the kept windows, oldest first, except the newest (the caller pushes the current one), carrying a
    /// sensor's last value over windows that lack it; a window is pushed once every channel has a value. The
    /// windows before the kept ones, and the ones not pushed, still count in the elapsed feature.
    /// </summary>
    public void Replay(SensorLayout layout, long windowsSeen, SequenceFeatureState sequence)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(sequence);
        var channels = sequence.Schema.Channels;
        var columns = new int[channels.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = layout.ColumnOf(channels[c]);
        }

        var carried = new double[channels.Count];
        var known = new bool[channels.Count];
        var replayed = Math.Max(0, Count - 1);
        sequence.ElapsedOffset = windowsSeen - 1 - replayed;
        for (var r = 0; r < replayed; r++)
        {
            var complete = true;
            for (var c = 0; c < columns.Length; c++)
            {
                var value = ValueAt(r, columns[c]);
                if (!float.IsNaN(value))
                {
                    carried[c] = value;
                    known[c] = true;
                }

                complete &= known[c];
            }

            if (complete)
            {
                sequence.Push(carried);
            }
            else
            {
                // Not pushed: the window still counts in the machine's age.
                sequence.ElapsedOffset++;
            }
        }
    }

    /// <summary>The value of sensor <paramref name="column"/> in kept window <paramref name="row"/> (0: the oldest kept).</summary>
    private float ValueAt(int row, int column)
    {
        if (column >= _map.Length)
        {
            return float.NaN;
        }

        var slot = _map[column];
        if (slot >= 0)
        {
            var oldest = (_next - Count + _capacity) % _capacity;
            return _rows[(((oldest + row) % _capacity) * _width) + slot];
        }

        return _covering!.ValueAt(-slot - 1, Count - 1 - row);
    }

    private void Relayout(SensorLayout layout, SequenceFeatureState? covering)
    {
        const int Unassigned = int.MinValue;
        var map = new int[layout.Count];
        map.AsSpan().Fill(Unassigned);
        if (covering is not null)
        {
            var channels = covering.Schema.Channels;
            for (var k = 0; k < channels.Count; k++)
            {
                map[layout.ColumnOf(channels[k])] = -(k + 1);
            }
        }

        var width = 0;
        for (var c = 0; c < map.Length; c++)
        {
            if (map[c] == Unassigned)
            {
                map[c] = width++;
            }
        }

        var rows = new float[_capacity * width];
        rows.AsSpan().Fill(float.NaN);
        for (var r = 0; r < Count; r++)
        {
            for (var c = 0; c < map.Length; c++)
            {
                if (map[c] >= 0)
                {
                    rows[(r * width) + map[c]] = ValueAt(r, c);
                }
            }
        }

        _rows = rows;
        _map = map;
        _width = width;
        _next = Count % _capacity;
        _covering = covering;
    }
}
