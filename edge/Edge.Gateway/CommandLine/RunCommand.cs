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
            // A production run requires device credentials unless configured otherwise (lowest-precedence default).
            var app = GatewayHost.Build([.. parseResult.UnmatchedTokens], configuration => configuration.Sources.Insert(0,
                new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
                {
                    InitialData = new Dictionary<string, string?> { ["Broker:RequireAuthentication"] = "true" },
                }));
            await app.RunAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
