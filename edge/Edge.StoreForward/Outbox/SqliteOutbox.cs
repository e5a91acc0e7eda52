using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.StoreForward.Outbox;

/// <summary>
/// The durability boundary: uplink messages are committed here, in batches, before anything is sent.
/// WAL with <c>synchronous=FULL</c>, so a committed record survives power loss. The sequence is SQLite's
/// AUTOINCREMENT rowid: strictly increasing and never reused, also across restarts, deletions and a corrupt file
/// replaced by a fresh one (<see cref="SequenceFloor"/>). A record leaves only when the cloud broker acknowledged it,
/// or under the declared overflow policy and time-to-live, counted by class and reason.
/// This type opens the file and owns the connection; the work is done by its parts, one per kind of caller, which share
/// one connection and one lock: <see cref="Store"/> (commits, behind the egress guard), <see cref="Leases"/> (the uplink),
/// <see cref="Maintenance"/> (expiry and retries) and <see cref="Monitor"/> (status pages and health).
/// </summary>
public sealed partial class SqliteOutbox : IDisposable
{
    private readonly OutboxState _state;
    private readonly ILogger _logger;

    public SqliteOutbox(string path, TimeProvider timeProvider)
        : this(path, new OutboxOptions(), timeProvider, NullLogger.Instance)
    {
    }

    public SqliteOutbox(string path, OutboxOptions options, TimeProvider timeProvider, ILogger logger, Func<long>? freeDiskBytes = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _logger = logger ?? NullLogger.Instance;
        var fullPath = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(fullPath)!;
        var connection = OutboxDatabase.Open(fullPath, timeProvider, out var quarantinedTo);
        _state = new OutboxState(fullPath, connection, options, timeProvider, _logger, freeDiskBytes ?? (() => new DriveInfo(directory).AvailableFreeSpace));
        if (quarantinedTo is not null)
        {
            RecoveredFromCorruption = true;
            var aside = System.IO.Path.GetFileName(quarantinedTo);
            _state.Warn("corrupt", $"The outbox was unreadable at start and was moved aside to {aside}; a fresh outbox was started.");
            LogQuarantined(aside);
        }

        _state.Load();
        var policy = new OverflowPolicy(connection, _state.Ledger, _state.PublishedHighWater, options);
        Store = new OutboxStore(_state, policy, _logger);
        Leases = new OutboxLeases(_state);
        Maintenance = new OutboxMaintenance(_state, Store, policy, _logger);
        Monitor = new OutboxMonitor(_state);
    }

    public string Path => _state.Path;

    /// <summary>Set when the outbox file was unreadable at start and moved aside.</summary>
    public bool RecoveredFromCorruption { get; }

    /// <summary>Commits records; producers reach it only through the egress guard the host wires around it.</summary>
    public OutboxStore Store { get; }

    /// <summary>Peek, lease and acknowledge: what the uplink drains with.</summary>
    public OutboxLeases Leases { get; }

    /// <summary>Expiry, retry of records held in memory, free-disk floor.</summary>
    public OutboxMaintenance Maintenance { get; }

    /// <summary>Backlog, bytes, warnings and the full status, for the local web and the health record.</summary>
    public OutboxMonitor Monitor { get; }

    /// <summary>Caps the file at <paramref name="pages"/> pages so tests can make SQLite report a full disk.</summary>
    internal void LimitPages(long pages)
    {
        lock (_state.Gate)
        {
            OutboxDatabase.Execute(_state.Connection, "PRAGMA max_page_count=" + pages.ToString(CultureInfo.InvariantCulture) + ";");
        }
    }

    /// <summary>
    /// Turns off fsync for this connection. Only for the power-loss test's negative control, which must show that the
    /// test detects the loss <c>synchronous=FULL</c> prevents.
    /// </summary>
    internal void DisableFsyncForNegativeControl()
    {
        lock (_state.Gate)
        {
            OutboxDatabase.Execute(_state.Connection, "PRAGMA synchronous=OFF;");
        }
    }

    public void Dispose()
    {
        _state.Connection.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Outbox was unreadable at start; moved aside to {File} and started fresh")]
    private partial void LogQuarantined(string file);
}
