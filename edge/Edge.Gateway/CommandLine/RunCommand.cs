using System.CommandLine;
using Edge.Gateway.Hosting;

namespace Edge.Gateway.CommandLine;

/// <summary><c>run</c>: starts the gateway with configuration from appsettings.json, environment variables (<c>EDGE_</c> prefix) and the command line.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var command = new Command("run", "Run the gateway (broker, pipeline, outbox, uplink, local web).");
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var app = GatewayHost.Build([.. parseResult.UnmatchedTokens]);
            await app.RunAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
