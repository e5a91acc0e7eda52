namespace Edge.Privacy;

/// <summary>
/// The privacy budget ledger in the gateway's data folder (SQLite, WAL, <c>synchronous=FULL</c>). It holds numbers
/// only: epsilon spent per day, noisy cells (noise already added, drawn once), the exact bytes of each released
/// report, and today's privacy counters. No pseudonym, no identifier, no exact count is ever written here.
/// </summary>
/// <remarks>
/// One file, one connection (<see cref="PrivacyLedgerDatabase"/>), three stores over it: <see cref="NoisyCellStore"/>,
/// <see cref="ReleaseBudgetStore"/> (where the daily epsilon is enforced across restarts) and
/// <see cref="PrivacyCounterStore"/>. This class only opens them together and answers for them.
/// </remarks>
internal sealed class PrivacyLedger : IDisposable
{
    private readonly PrivacyLedgerDatabase _database;
    private readonly NoisyCellStore _cells;
    private readonly ReleaseBudgetStore _releases;
    private readonly PrivacyCounterStore _counters;

    public PrivacyLedger(string path)
    {
        _database = new PrivacyLedgerDatabase(path);
        _cells = new NoisyCellStore(_database);
        _releases = new ReleaseBudgetStore(_database);
        _counters = new PrivacyCounterStore(_database);
    }

    public string Path => _database.Path;

    /// <inheritdoc cref="NoisyCellStore.StoreCells"/>
    public void StoreCells(DateOnly day, IReadOnlyList<NoisyCell> cells) => _cells.StoreCells(day, cells);

    public IReadOnlyList<NoisyCell> CellsOf(DateOnly day) => _cells.CellsOf(day);

    /// <inheritdoc cref="NoisyCellStore.DaysWithCells"/>
    public IReadOnlyList<DateOnly> DaysWithCells() => _cells.DaysWithCells();

    /// <inheritdoc cref="ReleaseBudgetStore.DaysPendingRelease"/>
    public IReadOnlyList<DateOnly> DaysPendingRelease(int releasesPerDay) => _releases.DaysPendingRelease(releasesPerDay);

    /// <inheritdoc cref="ReleaseBudgetStore.TryRecordRelease"/>
    public ReleaseOutcome TryRecordRelease(DateOnly day, int releaseIndex, long epsilonMicros, long budgetMicros, byte[] payload, DateTimeOffset now) =>
        _releases.TryRecordRelease(day, releaseIndex, epsilonMicros, budgetMicros, payload, now);

    public void MarkSent(DateOnly day, int releaseIndex, long outboxSequence) => _releases.MarkSent(day, releaseIndex, outboxSequence);

    /// <inheritdoc cref="ReleaseBudgetStore.Releases"/>
    public IReadOnlyList<StoredRelease> Releases(DateOnly? day = null, bool unsentOnly = false) => _releases.Releases(day, unsentOnly);

    /// <inheritdoc cref="ReleaseBudgetStore.Budget"/>
    public (long SpentMicros, long Refused) Budget(DateOnly day) => _releases.Budget(day);

    public void SaveCounters(DateOnly day, IReadOnlyDictionary<PrivacyCounter, long> counters) => _counters.SaveCounters(day, counters);

    public IReadOnlyDictionary<PrivacyCounter, long> LoadCounters(DateOnly day) => _counters.LoadCounters(day);

    /// <inheritdoc cref="PrivacyLedgerDatabase.Purge"/>
    public void Purge(DateOnly firstKeptDay) => _database.Purge(firstKeptDay);

    public void Dispose() => _database.Dispose();
}
