using Edge.Beacons.Configuration;
using Edge.Beacons.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Edge.Beacons.Zones;

/// <summary>Runs zone assignment: drains the sighting queue and sweeps visits every <see cref="FootfallOptions.SweepInterval"/>.</summary>
internal sealed class BeaconPipelineService(
    BeaconPipeline pipeline,
    ZoneMap zones,
    IOptions<FootfallOptions> options,
    TimeProvider timeProvider,
    ILogger<BeaconPipelineService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var value = options.Value;
        BeaconLog.Started(logger, zones.ZoneIds.Length, zones.ScannerIds.Length, value.StoreBeacons.Count);
        try
        {
            await Task.WhenAll(DrainAsync(stoppingToken), SweepAsync(value.SweepInterval, stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: close what is open so that no visit is left dangling in the sink.
        }

        pipeline.ProcessPending();
        pipeline.Tracker.CloseAll();
    }

    private Task DrainAsync(CancellationToken cancellationToken) => ZoneLoopAsync(pipeline, options.Value.ZoneLoopPause, cancellationToken);

    /// <summary>
    /// The zone loop: waits for the queue, feeds what it holds to the tracker, and rests <paramref name="pause"/>
    /// (<see cref="FootfallOptions.ZoneLoopPause"/>) before it waits again. Without the rest, a loop that keeps up empties the queue every few sightings and each next
    /// sighting wakes it through the thread pool; with it, one wake-up carries a millisecond of sightings. Also run by
    /// <c>beacons bench --zone-loop concurrent</c>.
    /// </summary>
    internal static async Task ZoneLoopAsync(BeaconPipeline pipeline, TimeSpan pause, CancellationToken cancellationToken)
    {
        while (await pipeline.Reader.WaitToReadAsync(cancellationToken))
        {
            pipeline.ProcessPending();
            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, cancellationToken);
            }
        }
    }

    private async Task SweepAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, timeProvider);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            pipeline.Tracker.Sweep(timeProvider.GetUtcNow());
        }
    }
}
