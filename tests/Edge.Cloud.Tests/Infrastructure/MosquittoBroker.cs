using System.Diagnostics;
using System.Net.Sockets;

namespace Edge.Cloud.Tests.Infrastructure;

/// <summary>A real Mosquitto on a free loopback port, configured as TOOLCHAIN.md says (no Nagle, no silent QoS 1 drops).</summary>
internal sealed class MosquittoBroker : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private MosquittoBroker(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public static Task<MosquittoBroker> StartAsync() =>
        StartAsync(Edge.TestKit.FreePort.Next(), Path.Combine(Path.GetTempPath(), $"edge-mosquitto-{Guid.NewGuid():N}"), "allow_anonymous true");

    /// <summary>A broker on <paramref name="port"/> whose files live in <paramref name="folder"/>, with <paramref name="settings"/> after its listener line.</summary>
    public static async Task<MosquittoBroker> StartAsync(int port, string folder, string settings)
    {
        var path = Edge.TestKit.Installed.Find("mosquitto") ?? throw new InvalidOperationException("mosquitto not found: run .ci/needs-cloud.sh.");
        Directory.CreateDirectory(folder);
        var config = Path.Combine(folder, "mosquitto.conf");
        await File.WriteAllTextAsync(config, $"""
            listener {port} 127.0.0.1
            {settings}
            persistence false
            set_tcp_nodelay true
            max_inflight_messages 1000
            max_queued_messages 1000000
            user root
            """ + "\n");
        var process = Process.Start(new ProcessStartInfo(path) { ArgumentList = { "-c", config }, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not start mosquitto.");
        var broker = new MosquittoBroker(process, folder, port);
        await broker.WaitUntilListeningAsync();
        return broker;
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();

            // Bounded: a killed broker whose exit the runtime fails to observe must not hang the test run.
            using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(exited.Token);
            }
            catch (OperationCanceledException)
            {
                // Killed with SIGKILL; there is nothing more to wait for.
            }
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
