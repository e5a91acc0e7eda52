namespace Edge.Privacy;

/// <summary>
/// The public partitions of one store day: its windows, known in advance from configuration, and how they are
/// grouped into releases. Nothing in it depends on who visited.
/// </summary>
internal sealed record FootfallDayPlan(DateOnly Day, IReadOnlyList<FootfallWindow> Windows, int ReleaseCount)
{
    public IEnumerable<FootfallWindow> WindowsOfRelease(int releaseIndex) => Windows.Where(w => w.ReleaseIndex == releaseIndex);

    /// <summary>When the last window of <paramref name="releaseIndex"/> closes: the release is due then.</summary>
    public DateTimeOffset ReleaseDueAt(int releaseIndex) => WindowsOfRelease(releaseIndex).Max(w => w.End);
}
