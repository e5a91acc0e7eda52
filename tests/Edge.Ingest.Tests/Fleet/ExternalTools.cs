using System.Diagnostics;
using Edge.TestKit;

namespace Edge.Ingest.Tests.Fleet;

/// <summary>Finds and runs third-party programs (mosquitto, mosquitto_pub, node) for the real-client tests.</summary>
internal static class ExternalTools
{
    public static string? Find(string tool) => Installed.Find(tool);

    public static string MqttJsFolder => Path.Combine(RepositoryPaths.Root, "tests", "clients", "mqttjs");

    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(Find(tool) ?? tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
