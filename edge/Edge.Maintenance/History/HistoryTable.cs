namespace Edge.Maintenance.History;

/// <summary>
/// Training rows: features at closed steps (every <see cref="Stride"/>-th step of each machine), with machine, time,
/// and labels both as fully observed and as known at the cross-validation time cut (for the training side of a fold).
/// </summary>
internal sealed record HistoryTable(
    float[][] Features,
    int[] Machine,
    long[] Time,
    sbyte[] Failure,
    float[] RemainingLife,
    sbyte[] FailureAtCut,
    float[] RemainingLifeAtCut,
    long Cut,
    long[] ObservedFrom,
    long[] ObservedEnd,
    List<long>[] Failures,
    int Stride)
{
    public int Count => Time.Length;
}
