namespace Edge.Sensing;

/// <summary>The hosted loop of one bus; the work is in <see cref="BusSampler"/>, which tests drive directly.</summary>
internal sealed class BusSamplingService(SensorRegistry registry, string bus) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Bus transfers block; leave the host's start-up path before the first one.
        await Task.Yield();
        await registry.Sampler(bus).RunAsync(stoppingToken);
    }
}
