using System.Net;
using System.Net.Sockets;

namespace Edge.LoadHarness;

/// <summary>Opens a TCP connection and completes the MQTT CONNECT/CONNACK exchange.</summary>
internal static class MqttConnection
{
    private const ushort KeepAliveSeconds = 600;

    public static async Task<Socket> ConnectAsync(IPEndPoint endpoint, string clientId, CancellationToken cancellationToken, MqttCredentials? credentials = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
            await SendAllAsync(socket, MqttCodec.Connect(clientId, KeepAliveSeconds, credentials?.UserName, credentials?.Password), cancellationToken);
            var connAck = new byte[4];
            var read = 0;
            while (read < connAck.Length)
            {
                var n = await socket.ReceiveAsync(connAck.AsMemory(read), cancellationToken);
                if (n == 0)
                {
                    throw new IOException($"{endpoint} closed the connection before CONNACK.");
                }

                read += n;
            }

            if (connAck[0] != MqttCodec.ConnAck || connAck[3] != 0)
            {
                throw new IOException($"{endpoint} refused the connection (CONNACK return code {connAck[3]}).");
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static async ValueTask SendAllAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            var sent = await socket.SendAsync(data, SocketFlags.None, cancellationToken);
            data = data[sent..];
        }
    }
}
