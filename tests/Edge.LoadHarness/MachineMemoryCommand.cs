using System.CommandLine;
using System.Globalization;

namespace Edge.LoadHarness;

/// <summary><c>machines</c>: managed memory and CPU per machine of the gateway's per-machine state, in process.</summary>
internal static class MachineMemoryCommand
{
    public static Command Create()
    {
        var sizes = new Option<string>("--machines") { Description = "Comma-separated machine counts, one measurement each.", DefaultValueFactory = _ => "10,100,1000" };
        var windows = new Option<int>("--windows") { Description = "Windows each machine goes through (the state must reach its steady size).", DefaultValueFactory = _ => 40 };
        var perWindow = new Option<int>("--per-window") { Description = "Telemetry messages per machine and window.", DefaultValueFactory = _ => 4 };
        var model = new Option<string?>("--model") { Description = "Model file to serve (default: train a small one from the C-MAPSS training file)." };
        var settings = new Option<string[]>("--set") { Description = "Gateway configuration KEY=VALUE (repeatable), e.g. Maintenance:HistoryWindows=30.", AllowMultipleArgumentsPerToken = true };
        var command = new Command("machines", "Grow a fleet (10, 100, 1000 machines) through ingest -> windows -> features -> scoring -> alert policy in process; print bytes and CPU per machine.")
        {
            sizes, windows, perWindow, model, settings,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var counts = parseResult.GetValue(sizes)!
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(text => int.Parse(text, CultureInfo.InvariantCulture))
                .ToArray();
            var pairs = parseResult.GetValue(settings) ?? [];
            if (pairs.FirstOrDefault(pair => pair.IndexOf('=', StringComparison.Ordinal) <= 0) is { } bad)
            {
                Console.Error.WriteLine($"--set {bad}: expected KEY=VALUE.");
                return 2;
            }

            return await MachineMemoryRun.RunAsync(
                counts, parseResult.GetValue(windows), parseResult.GetValue(perWindow), parseResult.GetValue(model), pairs, Console.Out, cancellationToken);
        });
        return command;
    }
}
