namespace Edge.Demo;

/// <summary>
/// Lets several hosts share one process without each of them grabbing Ctrl+C: the demo's command line owns the signal
/// and stops the hosts in order.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
