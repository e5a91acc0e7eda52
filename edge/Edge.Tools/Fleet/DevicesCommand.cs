using System.CommandLine;
using Edge.Gateway.Hosting;
using Edge.Ingest.Fleet;
using Edge.Kernel;

namespace Edge.Tools.Fleet;

/// <summary>
/// <c>devices add|list|revoke</c>: manages the device registry file in the gateway data folder. A running gateway polls
/// that file, so <c>revoke</c> takes effect (and disconnects the device) without a restart; <c>list</c> reads the activity
/// file the running gateway keeps up to date.
/// </summary>
internal static class DevicesCommand
{
    public static Command Create()
    {
        var dataDirectory = new Option<string?>("--data-dir")
        {
            Description = "Gateway data folder (default: Gateway:DataDirectory from appsettings.json / EDGE_ environment, else edge-data).",
        };
        var command = new Command("devices", "Manage the devices allowed to publish to the gateway's broker.");
        command.Options.Add(dataDirectory);

        var addId = new Argument<string>("id") { Description = "Device id, also its MQTT user name and topic segment (devices/<id>/...)." };
        var add = new Command("add", "Register a device and print its generated credentials (shown only this once).") { addId };
        add.SetAction(parseResult =>
        {
            var paths = Resolve(parseResult.GetValue(dataDirectory));
            var id = parseResult.GetValue(addId)!;
            try
            {
                var secret = DeviceRegistryFile.Add(paths.Registry, id, TimeProvider.System.GetUtcNow());
                Console.Out.WriteLine($"Device:   {id}");
                Console.Out.WriteLine($"Username: {id}");
                Console.Out.WriteLine($"Secret:   {secret}");
                Console.Out.WriteLine($"Publish to devices/{id}/telemetry; subscribe to devices/{id}/commands. The secret is not stored and cannot be shown again.");
                return 0;
            }
            catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
            {
                Console.Error.WriteLine(exception.Message);
                return 1;
            }
        });

        var list = new Command("list", "List devices with last seen, messages and rejections by reason.");
        list.SetAction(parseResult =>
        {
            var paths = Resolve(parseResult.GetValue(dataDirectory));
            Console.Out.Write(DeviceListFormatter.Format(DeviceRegistryFile.Load(paths.Registry), DeviceActivity.Load(paths.Activity)));
            return 0;
        });

        var revokeId = new Argument<string>("id") { Description = "Device id to revoke." };
        var revoke = new Command("revoke", "Revoke a device: a running gateway refuses and disconnects it within a second.") { revokeId };
        revoke.SetAction(parseResult =>
        {
            var paths = Resolve(parseResult.GetValue(dataDirectory));
            var id = parseResult.GetValue(revokeId)!;
            if (!DeviceRegistryFile.Revoke(paths.Registry, id, TimeProvider.System.GetUtcNow()))
            {
                Console.Error.WriteLine($"No active device '{id}'.");
                return 1;
            }

            Console.Out.WriteLine($"Revoked {id}. A running gateway disconnects it at its next registry poll (Fleet:RegistryPollInterval, 1 s by default).");
            return 0;
        });

        command.Subcommands.Add(add);
        command.Subcommands.Add(list);
        command.Subcommands.Add(revoke);
        return command;
    }

    private static (string Registry, string Activity) Resolve(string? dataDirectory)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables("EDGE_")
            .Build();
        var directory = Path.GetFullPath(
            dataDirectory ?? configuration[$"{GatewayOptions.Section}:{nameof(GatewayOptions.DataDirectory)}"] ?? new GatewayOptions().DataDirectory,
            Directory.GetCurrentDirectory());
        var fleet = new FleetOptions();
        configuration.GetSection(FleetOptions.Section).Bind(fleet);
        return (Path.Combine(directory, fleet.RegistryFileName), Path.Combine(directory, fleet.ActivityFileName));
    }
}
