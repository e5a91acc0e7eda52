using Edge.Contracts;

namespace Edge.StoreForward.Outbox;

/// <summary>
/// Read-only view of the outbox for the local web and the health record: backlog, bytes, last sequence, warnings and the
/// full <see cref="OutboxStatus"/> with rates and hours of autonomy. Changes nothing.
/// </summary>
public sealed class OutboxMonitor
{
    private readonly OutboxState _state;

    internal OutboxMonitor(OutboxState state)
    {
        _state = state;
    }

    /// <summary>Records waiting to be sent.</summary>
    public long Backlog
    {
        get
        {
            lock (_state.Gate)
            {
                return _state.Ledger.TotalRecords;
            }
        }
    }

    /// <summary>Bytes the waiting records take (payload plus a fixed per-row overhead); what the cap is measured against.</summary>
    public long Bytes
    {
        get
        {
            lock (_state.Gate)
            {
                return _state.Ledger.TotalBytes;
            }
        }
    }

    /// <summary>Highest sequence ever committed (0 when none).</summary>
    public long LastSequence
    {
        get
        {
            lock (_state.Gate)
            {
                return _state.LastSequence;
            }
        }
    }

    /// <summary>Current health warnings.</summary>
    public IReadOnlyList<string> Warnings
    {
        get
        {
            lock (_state.Gate)
            {
                return [.. _state.Warnings];
            }
        }
    }

    /// <summary>Backlog per class, limits, rates, hours of autonomy and every deliberate loss since start.</summary>
    public OutboxStatus GetStatus()
    {
        lock (_state.Gate)
        {
            var ledger = _state.Ledger;
            var options = _state.Options;
            var now = _state.TimeProvider.GetUtcNow();
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
                    dropped[reason.ToString()] = ledger.DroppedCount(priority, reason);
                }

                classes.Add(new OutboxClassStatus
                {
                    Class = priority.ToString(),
                    Records = ledger.Records(priority),
                    SourceRecords = ledger.Weight(priority),
                    Bytes = ledger.Bytes(priority),
                    OldestCommittedAt = committedAt,
                    Dropped = dropped,
                    Merged = ledger.MergedWindows(priority),
                });
            }

            var free = _state.FreeDiskBytes();
            return new OutboxStatus
            {
                Path = _state.Path,
                Records = ledger.TotalRecords,
                Bytes = ledger.TotalBytes,
                MaxBytes = options.MaxBytes,
                FreeDiskBytes = free,
                MinFreeDiskBytes = options.MinFreeDiskBytes,
                LastSequence = _state.LastSequence,
                OldestAgeSeconds = oldest is null ? null : Math.Max(0, (now - oldest.Value).TotalSeconds),
                AppendRatePerSecond = _state.AppendRate.PerSecond(),
                DrainRatePerSecond = _state.DrainRate.PerSecond(),
                HoursOfAutonomyLeft = HoursOfAutonomy(free),
                Spilled = _state.Spill.Count,
                Classes = classes,
                Warnings = [.. _state.Warnings],
            };
        }
    }

    /// <summary>
    /// Hours until the cap (or the free-disk floor, whichever comes first) is reached if the cloud stays unreachable,
    /// at the current append rate in bytes; null while nothing is being appended.
    /// </summary>
    private double? HoursOfAutonomy(long freeDiskBytes)
    {
        var bytesPerSecond = _state.AppendBytesRate.PerSecond();
        if (bytesPerSecond <= 0)
        {
            return null;
        }

        var options = _state.Options;
        var room = Math.Min(options.MaxBytes - _state.Ledger.TotalBytes, freeDiskBytes - options.MinFreeDiskBytes);
        return Math.Max(0, room) / bytesPerSecond / 3600;
    }

    private DateTimeOffset? OldestCommittedAt(PriorityClass priority)
    {
        using var select = _state.Command("SELECT committed_at_ms FROM outbox WHERE priority = $priority ORDER BY sequence LIMIT 1;");
        select.Parameters.AddWithValue("$priority", (int)priority);
        return select.ExecuteScalar() is long milliseconds ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) : null;
    }
}
