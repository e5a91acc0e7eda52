using System.Net;
using System.Net.Sockets;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Server;

namespace Edge.Ingest.Broker;

/// <summary>
/// The broker's plain TCP listener: accepts device connections and hands each to MQTTnet through a
/// <see cref="CoalescingSocketChannel"/> (read-ahead, coalesced acknowledgements). It binds exactly the configured
/// address, IPv4 or IPv6, nothing else. TLS connections keep MQTTnet's own listener.
/// </summary>
internal sealed partial class CoalescingTcpServerAdapter : IMqttServerAdapter
{
    /// <summary>One read buffer per connection: room for about 60 typical telemetry messages per <c>recv</c>.</summary>
    internal const int ReadBufferSize = 8 * 1024;

    /// <summary>Starting size of a connection's packet writer.</summary>
    internal const int WriterBufferSize = 256;

    private const int ConnectionBacklog = 512;

    private readonly IPEndPoint _endPoint;
    private readonly SocketCounters _counters;
    private readonly ILogger _logger;
    private Socket? _listener;
    private CancellationTokenSource? _stopping;
    private MqttServerOptions? _serverOptions;
    private IMqttNetLogger? _mqttLogger;

    public CoalescingTcpServerAdapter(IPEndPoint endPoint, SocketCounters counters, ILogger logger)
    {
        _endPoint = endPoint;
        _counters = counters;
        _logger = logger;
    }

    public Func<IMqttChannelAdapter, Task>? ClientHandler { get; set; }

    public Task StartAsync(MqttServerOptions options, IMqttNetLogger logger)
    {
        if (_listener is not null)
        {
            throw new InvalidOperationException("The listener is already started.");
        }

        _serverOptions = options;
        _mqttLogger = logger;
        var listener = new Socket(_endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(_endPoint);
            listener.Listen(ConnectionBacklog);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
        _stopping = new CancellationTokenSource();
        var stopping = _stopping.Token;
        _ = Task.Run(() => AcceptLoopAsync(listener, stopping), CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync()
    {
        Close();
        return Task.CompletedTask;
    }

    public void Dispose() => Close();

    private void Close()
    {
        _stopping?.Cancel();
        _stopping?.Dispose();
        _stopping = null;
        _listener?.Dispose();
        _listener = null;
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException exception)
            {
                // Running out of descriptors or an aborted handshake: keep listening.
                LogAcceptFailed(exception.SocketErrorCode);
                continue;
            }

            _ = Task.Run(() => ServeAsync(socket), CancellationToken.None);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        _counters.CountConnection();
        var handler = ClientHandler;
        if (handler is null || _serverOptions is null || _mqttLogger is null)
        {
            socket.Dispose();
            return;
        }

        try
        {
            socket.NoDelay = true;
            // The writer starts small: what the gateway writes to a device is mostly acknowledgements, and it grows when
            // a larger packet needs it (MQTTnet's default start, 4 KiB, is 4 MB for 1,000 machines).
            var formatter = new MqttPacketFormatterAdapter(
                new MqttBufferWriter(Math.Min(WriterBufferSize, _serverOptions.WriterBufferSize), _serverOptions.WriterBufferSizeMax));
            using var adapter = new MqttChannelAdapter(new CoalescingSocketChannel(socket, ReadBufferSize, _counters), formatter, _mqttLogger)
            {
                // The channel coalesces anyway; letting MQTTnet write header and payload separately saves a copy.
                AllowPacketFragmentation = true,
            };
            await handler(adapter).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            LogConnectionEnded(exception);
        }
        finally
        {
            socket.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Accepting a device connection failed: {Error}")]
    private partial void LogAcceptFailed(SocketError error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A device connection ended with an error")]
    private partial void LogConnectionEnded(Exception exception);
}
