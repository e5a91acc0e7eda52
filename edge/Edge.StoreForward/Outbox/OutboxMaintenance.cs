using Microsoft.Data.Sqlite;

namespace Edge.StoreForward.Outbox;

/// <summary>
/// The outbox's periodic housekeeping, run by <see cref="OutboxMaintenanceService"/>: retries the records held in memory
/// during a storage error, expires records past their class's time-to-live (never alerts, never leased records) and
/// applies the free-disk floor. Every expired record is counted by class and reason.
/// </summary>
public sealed partial class OutboxMaintenance
{
    private readonly OutboxState _state;
    private readonly OutboxStore _store;
    private readonly OverflowPolicy _policy;
    private readonly ILogger _logger;

    internal OutboxMaintenance(OutboxState state, OutboxStore store, OverflowPolicy policy, ILogger logger)
    {
        _state = state;
        _store = store;
        _policy = policy;
        _logger = logger;
    }

    /// <summary>
    /// Retries records spilled to memory, expires records past their time-to-live and applies the free-disk floor.
    /// Returns the number of source records that expired.
    /// </summary>
    public long Maintain()
    {
        long expired = 0;
        bool committedSpill;
        lock (_state.Gate)
        {
            committedSpill = _state.Spill.Count > 0 && _store.TryCommitSpill();
            try
            {
                expired = _policy.Expire(_state.TimeProvider.GetUtcNow());
                if (_state.FreeDiskBytes() < _state.Options.MinFreeDiskBytes)
                {
                    // Appends below the floor give back what they take (see OutboxStore), so the file stops growing.
                    _state.Warn("disk", "Free disk space is below Outbox:MinFreeDiskBytes; the outbox no longer grows and drops by policy.");
                }
                else
                {
                    _state.ClearWarning("disk");
                }
            }
            catch (SqliteException exception) when (OutboxState.IsStorageError(exception))
            {
                _state.StorageFailed(exception);
            }

            if (expired > 0)
            {
                _state.WarnDropped();
                LogExpired(expired);
            }
        }

        if (committedSpill)
        {
            _state.Signal();
        }

        return expired;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox expired {Count} records past their time-to-live")]
    private partial void LogExpired(long count);
}
