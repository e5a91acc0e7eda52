using Edge.Contracts;

namespace Edge.StoreForward.Outbox;

/// <summary>
/// The one way into the outbox for every producer (window summaries, alerts, footfall, health). The gateway's host wires
/// the privacy egress guard around the outbox as this writer, so every outbound record passes the guard exactly once.
/// </summary>
public interface IOutboxWriter
{
    /// <summary>
    /// Commits <paramref name="messages"/> in one transaction and returns a sequence for each: positive when committed,
    /// 0 when held in memory because the file system refused the write (committed as soon as it can be), and -1 when the
    /// message was refused before storage (counted and logged by whoever refused it). Nothing else is ever lost.
    /// </summary>
    IReadOnlyList<long> Append(IReadOnlyList<UplinkMessage> messages, bool? clockSynchronized = null);
}
