namespace Edge.Maintenance.Data;

/// <summary>
/// One C-MAPSS engine (unit): its cycles in order and, per cycle, the values of every channel
/// (<see cref="CmapssFile.ChannelNames"/>: three operational settings, then sensors s1..s21).
/// </summary>
public sealed class CmapssEngine
{
    public CmapssEngine(int unit, IReadOnlyList<int> cycles, IReadOnlyList<double[]> rows)
    {
        ArgumentNullException.ThrowIfNull(cycles);
        ArgumentNullException.ThrowIfNull(rows);
        if (cycles.Count != rows.Count || cycles.Count == 0)
        {
            throw new ArgumentException("An engine needs at least one cycle and one row per cycle.", nameof(rows));
        }

        Unit = unit;
        Cycles = cycles;
        Rows = rows;
    }

    public int Unit { get; }

    public IReadOnlyList<int> Cycles { get; }

    public IReadOnlyList<double[]> Rows { get; }

    public int LastCycle => Cycles[^1];
}
