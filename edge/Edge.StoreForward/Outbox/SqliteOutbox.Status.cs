using Edge.Contracts;

namespace Edge.StoreForward.Outbox;

public sealed partial class SqliteOutbox
{
    /// <summary>Backlog per class, limits, rates, hours of autonomy and every deliberate loss since start.</summary>
    public OutboxStatus GetStatus()
    {
        lock (_gate)
        {
            var now = _timeProvider.GetUtcNow();
            var classes = new List<OutboxClassStatus>(OutboxLedger.ClassCount);
            DateTimeOffset? oldest = null;
            foreach (var priority in Enum.GetValues<PriorityClass>())
            {
                var committedAt = OldestCommittedAt(priority);
                if (committedAt is not null && (oldest is null || committedAt < oldest))
                {
                    oldest = committedAt;
                }

                var dropped = new Dictionary<string, long>(StringComparer.Ordinal);
                foreach (var reason in Enum.GetValues<DropReason>())
                {
                    dropped[reason.ToString()] = _ledger.DroppedCount(priority, reason);
                }

                classes.Add(new OutboxClassStatus
                {
                    Class = priority.ToString(),
                    Records = _ledger.Records(priority),
                    SourceRecords = _ledger.Weight(priority),
                    Bytes = _ledger.Bytes(priority),
                    OldestCommittedAt = committedAt,
                    Dropped = dropped,
                    Merged = _ledger.MergedWindows(priority),
                });
            }

            var free = _freeDiskBytes();
            return new OutboxStatus
            {
                Path = Path,
                Records = _ledger.TotalRecords,
                Bytes = _ledger.TotalBytes,
                MaxBytes = _options.MaxBytes,
                FreeDiskBytes = free,
                MinFreeDiskBytes = _options.MinFreeDiskBytes,
                LastSequence = _lastSequence,
                OldestAgeSeconds = oldest is null ? null : Math.Max(0, (now - oldest.Value).TotalSeconds),
                AppendRatePerSecond = _appendRate.PerSecond(),
                DrainRatePerSecond = _drainRate.PerSecond(),
                HoursOfAutonomyLeft = HoursOfAutonomy(free),
                Spilled = _spill.Count,
                Classes = classes,
                Warnings = [.. _warnings.Values],
            };
        }
    }

    /// <summary>
    /// Hours until the cap (or the free-disk floor, whichever comes first) is reached if the cloud stays unreachable,
    /// at the current append rate in bytes; null while nothing is being appended.
    /// </summary>
    private double? HoursOfAutonomy(long freeDiskBytes)
    {
        var bytesPerSecond = _appendBytesRate.PerSecond();
        if (bytesPerSecond <= 0)
        {
            return null;
        }

        var room = Math.Min(_options.MaxBytes - _ledger.TotalBytes, freeDiskBytes - _options.MinFreeDiskBytes);
        return Math.Max(0, room) / bytesPerSecond / 3600;
    }

    private DateTimeOffset? OldestCommittedAt(PriorityClass priority)
    {
        using var select = Command("SELECT committed_at_ms FROM outbox WHERE priority = $priority ORDER BY sequence LIMIT 1;");
        select.Parameters.AddWithValue("$priority", (int)priority);
        return select.ExecuteScalar() is long milliseconds ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) : null;
    }
}
