using System.CommandLine;
using Edge.Maintenance.Serving;

namespace Edge.Tools.Maintenance;

/// <summary>
/// <c>replay cmapss --file &lt;file&gt;</c>: drives a running gateway with a C-MAPSS file, each engine an MQTT device
/// sending one cycle per window, and reports the lead time of each engine's first alert and its false alerts.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var replay = new Command("replay", "Replay benchmark data into a running gateway.");
        var file = new Option<FileInfo>("--file") { Description = "C-MAPSS file, plain or .gz (train_FD00x.txt runs to failure; test_FD00x.txt with --truth).", Required = true };
        var truth = new Option<FileInfo?>("--truth") { Description = "RUL_FD00x.txt (or .txt.gz) for a test file: failure is that many cycles after the last one." };
        var host = new Option<string>("--host") { Description = "Gateway broker host.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "Gateway broker port (Broker:Port).", DefaultValueFactory = _ => 1883 };
        var window = new Option<TimeSpan>("--window") { Description = "The gateway's Telemetry:Window; one cycle is sent per window.", DefaultValueFactory = _ => TimeSpan.FromSeconds(1) };
        var engines = new Option<int>("--engines") { Description = "Replay only the first N engines (0 = all).", DefaultValueFactory = _ => 0 };
        var threshold = new Option<double>("--threshold") { Description = "The gateway's Maintenance:RemainingLifeThreshold, in cycles.", DefaultValueFactory = _ => 30 };
        var margin = new Option<double>("--false-margin") { Description = "A remaining-life alert opened while the true remaining life exceeds threshold + margin counts as false.", DefaultValueFactory = _ => 15 };
        var writeConfig = new Option<FileInfo?>("--write-config") { Description = "Write an appsettings.json for the gateway (machines engine-1..N, window) and exit." };
        var cmapss = new Command("cmapss", "Stream C-MAPSS engines as MQTT devices, one cycle per window.") { file, truth, host, port, window, engines, threshold, margin, writeConfig };
        cmapss.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new CmapssReplayOptions
            {
                File = parseResult.GetValue(file)!.FullName,
                Truth = parseResult.GetValue(truth)?.FullName,
                Host = parseResult.GetValue(host)!,
                Port = parseResult.GetValue(port),
                Window = parseResult.GetValue(window),
                Engines = parseResult.GetValue(engines),
                Threshold = parseResult.GetValue(threshold),
                FalseMargin = parseResult.GetValue(margin),
            };
            if (parseResult.GetValue(writeConfig) is { } config)
            {
                CmapssReplay.WriteGatewayConfig(options, config.FullName);
                return 0;
            }

            var report = await new CmapssReplay(options, TimeProvider.System).RunAsync(cancellationToken);
            CmapssReplay.Print(report, options);
            return 0;
        });
        replay.Subcommands.Add(cmapss);
        return replay;
    }
}
