using System.Runtime.InteropServices;
using Edge.Contracts;

namespace Edge.Maintenance.Serving;

/// <summary>
/// The sensors a machine has reported, each with a column in the order they were first seen, shared by every machine
/// that reported the same sensors in the same order (a fleet of one kind of machine shares one layout). A name map per
/// machine cost about 0.6 KB plus the machine's own copy of every sensor name. Immutable once built: a machine that
/// reports a new sensor moves to an extension of its layout, cached on the layout it extends. Used only from the window
/// service's thread.
/// </summary>
internal sealed class SensorLayout
{
    // Distinct extensions cached per layout; past this (machines of many kinds) a machine builds its own.
    private const int MaxSharedExtensions = 32;

    private readonly string[] _names;
    private readonly Dictionary<string, int> _columns;
    private readonly List<SensorLayout> _extensions = [];

    private SensorLayout(string[] names)
    {
        _names = names;
        _columns = new Dictionary<string, int>(names.Length, StringComparer.Ordinal);
        for (var c = 0; c < names.Length; c++)
        {
            _columns.Add(names[c], c);
        }
    }

    /// <summary>The layout of a machine that has reported nothing yet: the root every machine of a fleet extends from.</summary>
    public static SensorLayout Empty() => new([]);

    public int Count => _names.Length;

    public IReadOnlyList<string> Names => _names;

    public bool TryGetColumn(string sensor, out int column) => _columns.TryGetValue(sensor, out column);

    public int ColumnOf(string sensor) => _columns[sensor];

    /// <summary>This layout, or its extension by the sensors of <paramref name="sensors"/> it lacks (appended in their order).</summary>
    public SensorLayout Extend(IReadOnlyList<SensorSummary> sensors)
    {
        ArgumentNullException.ThrowIfNull(sensors);
        List<string>? added = null;
        for (var s = 0; s < sensors.Count; s++)
        {
            var name = sensors[s].Sensor;
            if (!_columns.ContainsKey(name) && added?.Contains(name, StringComparer.Ordinal) != true)
            {
                (added ??= []).Add(name);
            }
        }

        if (added is null)
        {
            return this;
        }

        foreach (var extension in _extensions)
        {
            if (extension.Count == Count + added.Count && extension._names.AsSpan(Count).SequenceEqual(CollectionsMarshal.AsSpan(added)))
            {
                return extension;
            }
        }

        var created = new SensorLayout([.. _names, .. added]);
        if (_extensions.Count < MaxSharedExtensions)
        {
            _extensions.Add(created);
        }

        return created;
    }
}
