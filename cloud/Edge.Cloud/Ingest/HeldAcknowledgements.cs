using System.Collections;

namespace Edge.Cloud.Ingest;

/// <summary>
/// The PUBACKs of one gateway connection that must wait for the store. MQTTnet handles a client's packets one at a time,
/// so waiting for the commit inside the publish handler would allow one record per transaction per gateway, whatever
/// its in-flight window. Instead the publish handler only hands the record to the ingest worker and registers its
/// pending commit here, under the PUBLISH's packet identifier; the outbound PUBACK with that identifier is held until the
/// commit. The receive side and the send side run on different threads, hence the lock.
/// </summary>
internal sealed class HeldAcknowledgements
{
    private const string SessionKey = "edge.cloud.held-acknowledgements";

    // MQTTnet's session items are a ConcurrentDictionary, whose SyncRoot throws; creating the entry is rare (once per
    // connection), so one lock for all sessions is enough.
    private static readonly Lock s_sessionGate = new();

    private readonly Dictionary<ushort, Task> _held = [];
    private readonly Lock _gate = new();
    private ushort _current;
    private bool _hasCurrent;

    /// <summary>Set once a commit failed on this connection: no PUBACK leaves any more, the gateway resends after reconnecting.</summary>
    public bool Failed { get; private set; }

    public static HeldAcknowledgements For(IDictionary sessionItems)
    {
        ArgumentNullException.ThrowIfNull(sessionItems);
        lock (s_sessionGate)
        {
            if (sessionItems[SessionKey] is not HeldAcknowledgements held)
            {
                held = new HeldAcknowledgements();
                sessionItems[SessionKey] = held;
            }

            return held;
        }
    }

    public static void Reset(IDictionary sessionItems)
    {
        ArgumentNullException.ThrowIfNull(sessionItems);
        lock (s_sessionGate)
        {
            sessionItems[SessionKey] = new HeldAcknowledgements();
        }
    }

    /// <summary>The receive loop saw a QoS 1 PUBLISH with this identifier; its publish handler runs next.</summary>
    public void Expect(ushort packetIdentifier)
    {
        _current = packetIdentifier;
        _hasCurrent = true;
    }

    /// <summary>The PUBLISH just announced by <see cref="Expect"/> is acknowledged only once <paramref name="stored"/> completes.</summary>
    public void Hold(Task stored)
    {
        if (!_hasCurrent)
        {
            return;
        }

        _hasCurrent = false;
        lock (_gate)
        {
            // An identifier reused while its first PUBACK is still held: that PUBACK (sent first) waits for both.
            _held[_current] = _held.TryGetValue(_current, out var earlier) ? Task.WhenAll(earlier, stored) : stored;
        }
    }

    /// <summary>The commit a PUBACK must wait for, or null when it may leave at once (not a record, rejected, QoS 0).</summary>
    public Task? Take(ushort packetIdentifier)
    {
        lock (_gate)
        {
            return _held.Remove(packetIdentifier, out var stored) ? stored : null;
        }
    }

    public void Fail() => Failed = true;
}
