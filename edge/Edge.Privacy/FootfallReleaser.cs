using System.Text.Json;
using Edge.Contracts;
using Edge.StoreForward.Outbox;
using Microsoft.Extensions.Options;

namespace Edge.Privacy;

/// <summary>
/// Turns closed windows into noisy cells (noise drawn once, stored in the ledger) and due releases into
/// <see cref="FootfallReport"/>s: budget spent and report bytes stored in one ledger transaction, then the stored
/// bytes go through the egress guard into the outbox.
/// </summary>
internal sealed partial class FootfallReleaser
{
    private readonly PrivacyOptions _options;
    private readonly FootfallCalendar _calendar;
    private readonly PrivacyLedger _ledger;
    private readonly UniformSource _random;
    private readonly IOutboxWriter _outbox;
    private readonly PrivacyCounters _counters;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    // Refused releases are not retried on every tick (one refusal, one count, one log line per process).
    private readonly HashSet<(DateOnly Day, int ReleaseIndex)> _refused = [];

    public FootfallReleaser(
        FootfallReleaserDependencies dependencies,
        IOutboxWriter outbox,
        ILogger<FootfallReleaser> logger)
    {
        ArgumentNullException.ThrowIfNull(dependencies);
        _options = dependencies.Options.Value;
        _calendar = dependencies.Calendar;
        _ledger = dependencies.Ledger;
        _random = dependencies.Random;
        _timeProvider = dependencies.TimeProvider;
        _outbox = outbox;
        _counters = dependencies.Counters;
        _logger = logger;
    }

    /// <summary>Adds noise to every cell of a closed window and stores it; a cell already stored keeps its first draw.</summary>
    public void StoreWindow(WindowTally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        var plan = _calendar.PlanFor(tally.Window.Day);
        var calibration = ReleaseCalibration.For(_options, plan, tally.Window.ReleaseIndex);
        var cells = new NoisyCell[tally.Zones.Count];
        for (var i = 0; i < cells.Length; i++)
        {
            var zone = tally.Zones[i];
            cells[i] = Noisy(zone.ZoneId, tally.Window, zone.Visitors, zone.DwellSeconds, tally.Partial, calibration);
        }

        _ledger.StoreCells(tally.Window.Day, cells);
    }

    /// <summary>Releases every release whose last window closed at or before <paramref name="now"/> and is not recorded yet.</summary>
    /// <returns>Releases refused for lack of budget.</returns>
    public int ReleaseDue(DateTimeOffset now)
    {
        var refused = 0;
        foreach (var day in _ledger.DaysPendingRelease(_options.ReleasesPerDay))
        {
            var plan = _calendar.PlanFor(day);
            var released = _ledger.Releases(day).Select(r => r.ReleaseIndex).ToHashSet();
            for (var r = 0; r < plan.ReleaseCount; r++)
            {
                if (released.Contains(r) || plan.ReleaseDueAt(r) > now || _refused.Contains((day, r)))
                {
                    continue;
                }

                try
                {
                    Release(plan, r);
                }
                catch (PrivacyBudgetExceededException exception)
                {
                    refused++;
                    _refused.Add((day, r));
                    LogRefused(_logger, exception.Message);
                }
            }
        }

        SendUnsent();
        return refused;
    }

    /// <summary>
    /// Records release <paramref name="releaseIndex"/> of <paramref name="plan"/>'s day: completes its grid (windows
    /// never observed get noise-only cells marked partial), spends its epsilon and stores the report in one ledger
    /// transaction. Recording a release twice spends nothing and keeps the first report.
    /// </summary>
    /// <exception cref="PrivacyBudgetExceededException">The day's budget would be exceeded; the refusal is counted.</exception>
    public void Release(FootfallDayPlan plan, int releaseIndex)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var calibration = ReleaseCalibration.For(_options, plan, releaseIndex);
        var windows = plan.WindowsOfRelease(releaseIndex).ToArray();
        var stored = _ledger.CellsOf(plan.Day).ToDictionary(c => (c.ZoneId, c.WindowIndex));
        var missing = new List<NoisyCell>();
        foreach (var window in windows)
        {
            foreach (var zone in _options.Zones)
            {
                if (!stored.ContainsKey((zone, window.Index)))
                {
                    missing.Add(Noisy(zone, window, 0, 0, partial: true, calibration));
                }
            }
        }

        if (missing.Count > 0)
        {
            // Stored before anything is spent, so a kill from here on finds these draws again instead of redrawing.
            _ledger.StoreCells(plan.Day, missing);
            stored = _ledger.CellsOf(plan.Day).ToDictionary(c => (c.ZoneId, c.WindowIndex));
        }

        var cells = new List<FootfallCell>(windows.Length * _options.Zones.Count);
        foreach (var window in windows)
        {
            foreach (var zone in _options.Zones)
            {
                cells.Add(ToCell(stored[(zone, window.Index)]));
            }
        }

        var report = new FootfallReport
        {
            StoreId = _options.StoreId,
            Day = plan.Day,
            ReleaseIndex = releaseIndex,
            ReleaseCount = plan.ReleaseCount,
            Cells = cells,
            Privacy = Parameters(calibration),
        };
        var payload = JsonSerializer.SerializeToUtf8Bytes<UplinkMessage>(report, ContractsJsonContext.Default.UplinkMessage);
        var budget = ReleaseCalibration.DayBudgetMicros(_options);
        var outcome = _ledger.TryRecordRelease(plan.Day, releaseIndex, calibration.EpsilonMicros, budget, payload, _timeProvider.GetUtcNow());
        if (outcome == ReleaseOutcome.OverBudget)
        {
            _counters.Increment(PrivacyCounter.ReleasesRefused);
            var (spent, _) = _ledger.Budget(plan.Day);
            throw new PrivacyBudgetExceededException(
                $"Footfall release {releaseIndex + 1} of {plan.ReleaseCount} for {plan.Day:yyyy-MM-dd} needs epsilon {calibration.Epsilon:0.######} " +
                $"but {spent / (double)ReleaseCalibration.MicrosPerUnit:0.######} of the day's {budget / (double)ReleaseCalibration.MicrosPerUnit:0.######} is spent; " +
                "refused and counted. Raise Privacy:EpsilonPerDay or lower Privacy:ReleasesPerDay from the next day on.");
        }

        if (outcome == ReleaseOutcome.Recorded)
        {
            LogReleased(_logger, plan.Day, releaseIndex, calibration.Epsilon);
        }
    }

    /// <summary>Appends every recorded but unsent report to the outbox from its stored bytes (byte-identical on every retry).</summary>
    public void SendUnsent()
    {
        foreach (var release in _ledger.Releases(unsentOnly: true))
        {
            var message = JsonSerializer.Deserialize(release.Payload, ContractsJsonContext.Default.UplinkMessage)
                ?? throw new InvalidOperationException("A stored footfall report could not be read back.");
            var sequence = _outbox.Append([message])[0];
            if (sequence < 0)
            {
                // The egress guard refused it (and counted and logged why); it stays unsent for the operator to see.
                LogEgressRefused(_logger, release.Day, release.ReleaseIndex);
                continue;
            }

            _ledger.MarkSent(release.Day, release.ReleaseIndex, sequence);
        }
    }

    private NoisyCell Noisy(string zone, FootfallWindow window, long visitors, long dwellSeconds, bool partial, ReleaseCalibration calibration) =>
        new(
            zone,
            window.Index,
            window.Start,
            window.End,
            visitors + calibration.CountNoise.Sample(_random),
            dwellSeconds + calibration.DwellNoise.Sample(_random),
            partial);

    private FootfallCell ToCell(NoisyCell cell)
    {
        // Suppression looks only at the noisy count: post-processing, no extra budget.
        var suppressed = _options.SuppressBelow > 0 && cell.Visitors < _options.SuppressBelow;
        return new FootfallCell
        {
            ZoneId = cell.ZoneId,
            WindowStart = cell.WindowStart,
            WindowEnd = cell.WindowEnd,
            Visitors = suppressed ? null : cell.Visitors,
            DwellSecondsSum = suppressed ? null : cell.DwellSeconds,
            Suppressed = suppressed,
            Partial = cell.Partial,
        };
    }

    private PrivacyParameters Parameters(ReleaseCalibration calibration) => new()
    {
        EpsilonPerRelease = calibration.Epsilon,
        EpsilonPerDay = ReleaseCalibration.DayBudgetMicros(_options) / (double)ReleaseCalibration.MicrosPerUnit,
        MaxWindowsPerDevicePerDay = _options.MaxCellsPerDevicePerDay,
        SuppressBelow = _options.SuppressBelow,
        Window = _options.Window,
        MaxDwell = _options.MaxDwell,
        CountNoise95 = calibration.CountNoise.HalfWidth(0.95),
        DwellSecondsNoise95 = calibration.DwellNoise.HalfWidth(0.95),
    };

    [LoggerMessage(EventId = 7311, Level = LogLevel.Information, Message = "Footfall release {ReleaseIndex} of {Day} recorded (epsilon {Epsilon})")]
    private static partial void LogReleased(ILogger logger, DateOnly day, int releaseIndex, double epsilon);

    [LoggerMessage(EventId = 7312, Level = LogLevel.Error, Message = "Footfall release refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 7313, Level = LogLevel.Error, Message = "Footfall release {ReleaseIndex} of {Day} stays unsent: the egress guard refused it")]
    private static partial void LogEgressRefused(ILogger logger, DateOnly day, int releaseIndex);
}
