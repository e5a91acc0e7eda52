using System.Net;

namespace Edge.LoadHarness;

/// <summary>
/// A private Mosquitto instance on a free loopback port, configured for pipelined QoS 1: Nagle off (without it pipelined
/// QoS 1 collapses to ~45 msg/s), and queues and in-flight windows raised so nothing is dropped for a slow subscriber.
/// </summary>
internal static class MosquittoServer
{
    public static async Task<(ChildProcess Process, IPEndPoint Endpoint)> StartAsync(string directory, CancellationToken cancellationToken)
    {
        var port = Loopback.FreePort();
        var config = Path.Combine(directory, "mosquitto.conf");
        await File.WriteAllTextAsync(config, $"""
            listener {port} 127.0.0.1
            allow_anonymous true
            set_tcp_nodelay true
            max_inflight_messages 1000
            max_queued_messages 10000000
            max_queued_bytes 0
            memory_limit 0
            persistence false
            log_dest none
            user root

            """, cancellationToken);
        var process = ChildProcess.Start("mosquitto", "mosquitto", ["-c", config], Path.Combine(directory, "mosquitto.log"));
        var endpoint = new IPEndPoint(IPAddress.Loopback, port);
        if (!await Loopback.WaitForListenerAsync(endpoint, process, TimeSpan.FromSeconds(10), cancellationToken))
        {
            var tail = process.Tail(20);
            await process.DisposeAsync();
            throw new InvalidOperationException($"Mosquitto did not listen on {endpoint}: {tail}");
        }

        return (process, endpoint);
    }
}
