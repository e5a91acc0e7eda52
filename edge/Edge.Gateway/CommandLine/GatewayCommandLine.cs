using System.CommandLine;

namespace Edge.Gateway.CommandLine;

/// <summary>The Pi service's command line: it only runs. Tools (decode, bench, model, devices, privacy report) are in Edge.Tools.</summary>
public static class GatewayCommandLine
{
    public static RootCommand Create() => new("Edge: a privacy-first IoT edge gateway.")
    {
        RunCommand.Create(),
    };
}
