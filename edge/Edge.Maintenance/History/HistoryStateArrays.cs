namespace Edge.Maintenance.History;

/// <summary>The arrays of a <see cref="HistoryMachineState"/>, for its checkpoint.</summary>
internal readonly record struct HistoryStateArrays(
    double[] Sums, int[] Counts, double[] Last, double[] BaselineSum, double[] BaselineSquares, long[] ComponentTicks, long[] ErrorTicks);
