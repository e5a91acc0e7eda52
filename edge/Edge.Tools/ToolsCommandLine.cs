using System.CommandLine;
using Edge.Tools.Beacons;
using Edge.Tools.Fleet;
using Edge.Tools.Maintenance;
using Edge.Tools.Privacy;
using Edge.Tools.Sensing;

namespace Edge.Tools;

/// <summary>
/// Edge's tools, one command per job, each contributed from its capability's folder. None of them runs in the Pi's
/// service: the gateway's own binary only runs (<c>Edge.Gateway run</c>).
/// </summary>
public static class ToolsCommandLine
{
    public static RootCommand Create() => new("Edge tools: decode captures, benchmarks, models, privacy report, devices, sensors.")
    {
        SensorsCommand.Create(),
        PrivacyCommand.Create(),
        BeaconCommands.Create(),
        ModelCommands.Create(),
        ReplayCommand.Create(),
        DevicesCommand.Create(),
        BenchCommand.Create(),
    };
}
