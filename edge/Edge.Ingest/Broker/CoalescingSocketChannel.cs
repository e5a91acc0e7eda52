using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Channel;

namespace Edge.Ingest.Broker;

/// <summary>
/// One device's TCP connection as MQTTnet sees it, built to spend few system calls per message.
/// <list type="bullet">
/// <item>Reads ahead: one <c>recv</c> fills a buffer with every packet the device has sent so far, and MQTTnet's many
/// small reads (fixed header, length, body) are served from it.</item>
/// <item>Coalesces writes: a packet MQTTnet writes (a PUBACK) is appended to a pending buffer and sent with the others
/// in one <c>send</c>, either just before the reader would block in <c>recv</c>, or by one flush scheduled on the
/// thread pool when the reader has nothing buffered. Acknowledgements are never held while the connection is idle.</item>
/// </list>
/// Bytes are sent in the order they were written; a writer that gets more than <see cref="MaxPendingBytes"/> ahead of a
/// slow reader waits for the socket.
/// <para>
/// The read-ahead buffer is borrowed from the shared pool only while it holds bytes: the channel waits for data with a
/// zero-byte read, so a thousand connected machines waiting for their next message hold no buffer (8 KiB each before).
/// </para>
/// </summary>
internal sealed class CoalescingSocketChannel : IMqttChannel
{
    /// <summary>Pending output beyond which a writer waits for the socket (back-pressure from a device that stops reading).</summary>
    internal const int MaxPendingBytes = 256 * 1024;

    private readonly Socket _socket;
    private readonly SocketCounters _counters;
    private readonly int _readBufferSize;
    private byte[]? _readBuffer;
    private readonly Lock _sync = new();
    private int _readStart;
    private int _readEnd;
    private ArrayBufferWriter<byte> _pending = new(256);
    private ArrayBufferWriter<byte> _sending = new(256);
    private Task _flushing = Task.CompletedTask;
    private bool _flushRunning;
    private Exception? _writeFailure;
    private Task<int>? _lastReadResult;

    public CoalescingSocketChannel(Socket socket, int readBufferSize, SocketCounters counters)
    {
        ArgumentNullException.ThrowIfNull(socket);
        _socket = socket;
        _counters = counters;
        _readBufferSize = readBufferSize;
        LocalEndPoint = socket.LocalEndPoint;
        RemoteEndPoint = socket.RemoteEndPoint;
    }

    public X509Certificate2? ClientCertificate => null;

    public EndPoint? RemoteEndPoint { get; }

    public EndPoint? LocalEndPoint { get; }

    public bool IsSecureConnection => false;

    /// <summary>Server side only: the socket is connected when the channel is made.</summary>
    public Task ConnectAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException("A server-side channel is accepted, not connected.");

    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        await FlushAsync().ConfigureAwait(false);
        _socket.Shutdown(SocketShutdown.Both);
    }

    public Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            var buffered = _readEnd - _readStart;
            if (buffered > 0)
            {
                var take = Math.Min(buffered, count);
                _readBuffer.AsSpan(_readStart, take).CopyTo(buffer.AsSpan(offset, take));
                _readStart += take;
                ReturnDrainedBufferLocked();
                return Completed(take);
            }
        }

        return ReceiveAsync(buffer, offset, count, cancellationToken);
    }

    public Task WriteAsync(ReadOnlySequence<byte> buffer, bool isEndOfPacket, CancellationToken cancellationToken)
    {
        Task<Task>? starter = null;
        int pendingBytes;
        lock (_sync)
        {
            if (_writeFailure is not null)
            {
                return Task.FromException(new IOException("The connection failed while sending.", _writeFailure));
            }

            foreach (var segment in buffer)
            {
                _pending.Write(segment.Span);
            }

            pendingBytes = _pending.WrittenCount;

            // While the reader still holds unread packets, more acknowledgements are coming: the reader flushes them all
            // before it blocks. Otherwise one flush is queued, and whatever is written until it runs goes with it.
            if (isEndOfPacket && _readEnd == _readStart && !_flushRunning)
            {
                starter = StartFlushLocked();
            }
        }

        starter?.Start(TaskScheduler.Default);
        return pendingBytes > MaxPendingBytes ? FlushAsync() : Task.CompletedTask;
    }

    public void Dispose()
    {
        _socket.Dispose();
        lock (_sync)
        {
            _readStart = _readEnd;
            ReturnDrainedBufferLocked();
        }
    }

    private async Task<int> ReceiveAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        // About to block: everything written so far goes out first, so the device is never kept waiting for an
        // acknowledgement while the gateway waits for its next packet.
        await FlushAsync().ConfigureAwait(false);

        if (count >= _readBufferSize)
        {
            var direct = await _socket.ReceiveAsync(buffer.AsMemory(offset, count), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            _counters.CountReceive(direct);
            return direct;
        }

        // Wait for data without holding a buffer, then borrow one for as long as it has unread bytes.
        await _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        _counters.CountReceive(0);
        var readBuffer = ArrayPool<byte>.Shared.Rent(_readBufferSize);
        int received;
        try
        {
            received = await _socket.ReceiveAsync(readBuffer.AsMemory(0, _readBufferSize), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(readBuffer);
            throw;
        }

        _counters.CountReceive(received);
        _counters.CountReadBufferTaken();
        lock (_sync)
        {
            var take = Math.Min(received, count);
            readBuffer.AsSpan(0, take).CopyTo(buffer.AsSpan(offset, take));
            _readBuffer = readBuffer;
            _readStart = take;
            _readEnd = received;
            ReturnDrainedBufferLocked();
            return take;
        }
    }

    /// <summary>Gives the read-ahead buffer back to the pool once every byte in it has been read.</summary>
    private void ReturnDrainedBufferLocked()
    {
        if (_readStart == _readEnd && _readBuffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_readBuffer);
            _counters.CountReadBufferReturned();
            _readBuffer = null;
            _readStart = 0;
            _readEnd = 0;
        }
    }

    /// <summary>
    /// Makes sure everything written so far is on its way: starts a flush on this thread, or returns the one running
    /// (which sends whatever is pending when it loops), completing when that flush has emptied the pending buffer.
    /// </summary>
    private Task FlushAsync()
    {
        Task<Task> starter;
        Task flushing;
        lock (_sync)
        {
            if (_flushRunning)
            {
                return _flushing;
            }

            if (_pending.WrittenCount == 0)
            {
                return Task.CompletedTask;
            }

            starter = StartFlushLocked();
            flushing = _flushing;
        }

        starter.RunSynchronously(TaskScheduler.Default);
        return flushing;
    }

    /// <summary>Marks a flush as running and returns it unstarted (the caller starts it outside the lock).</summary>
    private Task<Task> StartFlushLocked()
    {
        _flushRunning = true;
        var starter = new Task<Task>(FlushLoopAsync);
        _flushing = starter.Unwrap();
        return starter;
    }

    private async Task FlushLoopAsync()
    {
        try
        {
            while (true)
            {
                lock (_sync)
                {
                    if (_pending.WrittenCount == 0)
                    {
                        _flushRunning = false;
                        return;
                    }

                    (_pending, _sending) = (_sending, _pending);
                    _pending.ResetWrittenCount();
                }

                var sent = _sending.WrittenMemory;
                while (!sent.IsEmpty)
                {
                    var count = await _socket.SendAsync(sent, SocketFlags.None).ConfigureAwait(false);
                    _counters.CountSend(count);
                    sent = sent[count..];
                }
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // The device is gone: later writes fail, and closing the socket ends the reader's wait too.
            lock (_sync)
            {
                _writeFailure = exception;
                _pending.ResetWrittenCount();
                _flushRunning = false;
            }

            _socket.Dispose();
        }
    }

    /// <summary>A completed read result; the last one is reused, since packets of one device tend to be the same size.</summary>
    private Task<int> Completed(int bytes)
    {
        var last = _lastReadResult;
        if (last is not null && last.Result == bytes)
        {
            return last;
        }

        last = Task.FromResult(bytes);
        _lastReadResult = last;
        return last;
    }
}
