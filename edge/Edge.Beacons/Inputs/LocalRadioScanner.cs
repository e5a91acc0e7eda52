using Edge.Beacons.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Edge.Beacons.Inputs;

/// <summary>
/// Scans with the Pi's own Bluetooth controller, reading <c>hcidump -R</c> output from
/// <see cref="FootfallOptions.LocalRadioCapturePath"/> (a FIFO: <c>mkfifo /run/edge/hci &amp;&amp; hcitool lescan
/// --passive --duplicates &gt;/dev/null &amp; hcidump -R &gt; /run/edge/hci</c>). Idle when no path is configured.
/// </summary>
internal sealed partial class LocalRadioScanner(
    SightingGate gate,
    IOptions<FootfallOptions> options,
    TimeProvider timeProvider,
    ILogger<LocalRadioScanner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var value = options.Value;
        if (string.IsNullOrEmpty(value.LocalRadioCapturePath) || string.IsNullOrEmpty(value.LocalRadioScannerId))
        {
            return;
        }

        using var reader = new StreamReader(new FileStream(value.LocalRadioCapturePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, FileOptions.Asynchronous));
        var count = await RunAsync(reader, value.LocalRadioScannerId, stoppingToken);
        LogCaptureEnded(count);
    }

    /// <summary>Feeds every advertising report of the capture to the gate; returns how many reports were handled.</summary>
    public async Task<long> RunAsync(TextReader capture, string scannerId, CancellationToken cancellationToken)
    {
        long handled = 0;
        await foreach (var packet in HciDumpReader.ReadPacketsAsync(capture, cancellationToken))
        {
            var now = timeProvider.GetUtcNow();
            var index = gate.Scanners.Touch(scannerId, now);
            if (index < 0)
            {
                gate.Counters.CountUnknownScanner();
                continue;
            }

            var reports = HciAdapter.Handle(packet, index, now, gate);
            handled += Math.Max(0, reports);
        }

        return handled;
    }

    [LoggerMessage(EventId = 6010, Level = LogLevel.Information, Message = "Local radio capture ended after {Reports} advertising reports.")]
    private partial void LogCaptureEnded(long reports);
}
