namespace Edge.Ingest.Broker;

/// <summary>
/// System calls and bytes of the broker's device connections, so the cost per message can be read from
/// <c>/api/status</c>: receives and sends per message are what the coalescing channel exists to keep low.
/// </summary>
public sealed class SocketCounters
{
    private long _receives;
    private long _bytesReceived;
    private long _sends;
    private long _bytesSent;
    private long _connections;
    private long _readBuffersHeld;

    /// <summary>Completed <c>recv</c> calls on device connections.</summary>
    public long Receives => Interlocked.Read(ref _receives);

    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>Completed <c>send</c> calls on device connections.</summary>
    public long Sends => Interlocked.Read(ref _sends);

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>TCP connections accepted since start.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>Read-ahead buffers connections hold right now: only those with unread bytes, not idle ones.</summary>
    public long ReadBuffersHeld => Interlocked.Read(ref _readBuffersHeld);

    internal void CountReceive(int bytes)
    {
        Interlocked.Increment(ref _receives);
        Interlocked.Add(ref _bytesReceived, bytes);
    }

    internal void CountSend(int bytes)
    {
        Interlocked.Increment(ref _sends);
        Interlocked.Add(ref _bytesSent, bytes);
    }

    internal void CountConnection() => Interlocked.Increment(ref _connections);

    internal void CountReadBufferTaken() => Interlocked.Increment(ref _readBuffersHeld);

    internal void CountReadBufferReturned() => Interlocked.Decrement(ref _readBuffersHeld);
}
