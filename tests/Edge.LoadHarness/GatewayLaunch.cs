using System.Diagnostics;
using System.Net;

namespace Edge.LoadHarness;

/// <summary>
/// Starts the gateway as its own process and waits until it serves: the broker accepting connections (start to ready),
/// then the local web answering; 2 s later its idle memory is read. Shared by the telemetry and footfall targets.
/// </summary>
internal sealed record GatewayLaunch(ChildProcess Process, IPEndPoint PublishEndpoint, TimeSpan TimeToReady, long IdleRssBytes, long IdleRssAnonymousBytes)
{
    /// <param name="gateway">An <c>Edge.Gateway.dll</c> (started through <c>dotnet</c>) or the <c>Edge.Gateway</c> executable of a self-contained publish.</param>
    /// <param name="arguments">Everything after <c>run</c>.</param>
    /// <param name="probe">A local web request that succeeds once the gateway's web API is up.</param>
    public static async Task<GatewayLaunch> StartAsync(
        string gateway,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment,
        string logPath,
        int brokerPort,
        Func<CancellationToken, ValueTask<long>> probe,
        CancellationToken cancellationToken)
    {
        var frameworkDependent = gateway.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        List<string> commandLine = frameworkDependent ? [gateway, "run"] : ["run"];
        commandLine.AddRange(arguments);
        var started = Stopwatch.GetTimestamp();
        var process = ChildProcess.Start("edge gateway", frameworkDependent ? "dotnet" : gateway, commandLine, logPath, environment);
        var endpoint = new IPEndPoint(IPAddress.Loopback, brokerPort);
        if (!await Loopback.WaitForListenerAsync(endpoint, process, TimeSpan.FromSeconds(60), cancellationToken))
        {
            throw new InvalidOperationException($"The gateway did not listen on {endpoint}: {process.Tail(30)}");
        }

        var timeToReady = Stopwatch.GetElapsedTime(started);

        // The local web starts after the broker (hosted services first, then Kestrel).
        while (true)
        {
            try
            {
                await probe(cancellationToken);
                break;
            }
            catch (HttpRequestException) when (!process.HasExited && Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(10, cancellationToken);
            }
        }

        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        return new GatewayLaunch(process, endpoint, timeToReady, process.RssBytes, ProcStats.StatusBytes(process.Pid, "RssAnon"));
    }
}
