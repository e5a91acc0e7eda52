using System.CommandLine;

namespace Edge.Gateway.CommandLine;

/// <summary>
/// The gateway's command line. Each capability contributes its own commands from its folder
/// (for example <c>model</c>, <c>beacons</c>, <c>devices</c>); this class only lists them.
/// </summary>
public static class GatewayCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Edge: a privacy-first IoT edge gateway.")
        {
            RunCommand.Create(),
            Sensing.SensorsCommand.Create(),
            Privacy.PrivacyCommand.Create(),
            Beacons.BeaconCommands.Create(),
            Maintenance.ModelCommands.Create(),
            Maintenance.ReplayCommand.Create(),
            Fleet.DevicesCommand.Create(),
            Fleet.BenchCommand.Create(),
        };
        return root;
    }
}
