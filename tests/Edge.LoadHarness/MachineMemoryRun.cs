using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Edge.Gateway.Broker;
using Edge.Gateway.Hosting;
using Edge.Gateway.Maintenance;
using Edge.Gateway.Telemetry;
using Edge.Maintenance.Data;
using Edge.Maintenance.Models;
using Edge.Maintenance.Training;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.LoadHarness;

/// <summary>
/// Memory and CPU per machine of the gateway's own per-machine state, in process (no broker, no sockets): for each
/// machine count, the gateway's composition (not started) with a remaining-life model trained from the C-MAPSS training
/// file, then every machine's telemetry (the model's channels, values from a training engine) through ingest -> window ->
/// close (outbox, features, scoring, alert policy) for <c>--windows</c> windows. Managed bytes per machine is the heap
/// after a full compacting GC minus the heap before the first message (host built, model loaded), divided by machines.
/// </summary>
internal static class MachineMemoryRun
{
    public static async Task<int> RunAsync(IReadOnlyList<int> sizes, int windows, int perWindow, string? modelPath, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(perWindow, 1);
        output.WriteLine(MachineDescription.Describe());
        var trainFile = Path.GetFullPath(Path.Combine(RepositoryLayout.Root, "..", "shared", "data", "cmapss", "train_FD001.txt"));
        var engines = CmapssFile.Load(trainFile);
        var workDirectory = Directory.CreateTempSubdirectory("edge-bench-machines-").FullName;
        try
        {
            if (modelPath is null)
            {
                modelPath = Path.Combine(workDirectory, "cmapss-rul.zip");
                var trained = Stopwatch.GetTimestamp();
                var options = new RulTrainingOptions
                {
                    Folds = 2,
                    Candidates = [new TreeHyperparameters(Trees: 40, Leaves: 16, LearningRate: 0.1, MinimumExamplesPerLeaf: 50, FeatureFraction: 0.5)],
                };
                new RulTrainer().Train(engines, trainFile, DataHash.OfFile(trainFile), modelPath, options);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Model: FastTree remaining life, 40 trees, trained on {Path.GetFileName(trainFile)} in {Stopwatch.GetElapsedTime(trained).TotalSeconds:N1} s."));
            }

            var manifest = ModelBundle.Load(modelPath).Manifest;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Each machine: {manifest.Channels.Count} channels per message, {perWindow} messages per window, {windows} windows; model {manifest.FeatureNames.Count} features."));
            output.WriteLine();
            output.WriteLine("| machines | managed bytes per machine | heap after, MB | messages | CPU us per message | CPU us per machine-window | load average |");
            output.WriteLine("|---:|---:|---:|---:|---:|---:|---|");
            foreach (var size in sizes)
            {
                var directory = Path.Combine(workDirectory, size.ToString(CultureInfo.InvariantCulture));
                var figures = await MeasureAsync(size, windows, perWindow, modelPath, manifest.Channels, engines, directory, cancellationToken);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {size:N0} | {figures.BytesPerMachine:N0} | {figures.HeapAfter / 1048576.0:N1} | {figures.Messages:N0} | {figures.CpuMicrosecondsPerMessage:N1} | {figures.CpuMicrosecondsPerMachineWindow:N1} | {MachineDescription.LoadAverage()} |"));
            }
        }
        finally
        {
            Directory.Delete(workDirectory, recursive: true);
        }

        return 0;
    }

    private static async Task<Figures> MeasureAsync(
        int machines, int windows, int perWindow, string modelPath, IReadOnlyList<string> channels, IReadOnlyList<CmapssEngine> engines,
        string directory, CancellationToken cancellationToken)
    {
        var models = Path.Combine(directory, "models");
        Directory.CreateDirectory(models);
        File.Copy(modelPath, Path.Combine(models, "cmapss-rul.zip"));
        var configuration = new Dictionary<string, string?>
        {
            ["Gateway:DataDirectory"] = directory,
            ["Maintenance:ModelsDirectory"] = models,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Telemetry:Window"] = "00:01:00",
            ["Fleet:MessagesPerSecond"] = "1000000",
            ["Fleet:Burst"] = "1000000",
        };
        var ids = new string[machines];
        for (var i = 0; i < machines; i++)
        {
            ids[i] = $"m-{i:D4}";
            configuration[$"Telemetry:Machines:{i}"] = ids[i];
        }

        var app = GatewayHost.Build([], builder => builder.AddInMemoryCollection(configuration));
        try
        {
            var services = app.Services;
            if (services.GetRequiredService<ModelRegistry>().Scan(models) != 1)
            {
                throw new InvalidOperationException("The model did not load.");
            }

            var start = DateTimeOffset.UtcNow;
            var ingest = services.GetRequiredService<TelemetryIngest>();
            var windowService = services.GetRequiredService<WindowService>();
            var topics = ids.Select(id => $"devices/{id}/telemetry").ToArray();
            var indexes = RulTrainer.ChannelIndexes(channels);
            var names = channels.Select(channel => Encoding.UTF8.GetBytes(channel)).ToArray();
            var stamp = start.ToString("O", CultureInfo.InvariantCulture);
            var prefixes = ids.Select(id => Encoding.UTF8.GetBytes($"{{\"machineId\":\"{id}\",\"timestamp\":\"{stamp}\",\"sequence\":")).ToArray();
            var buffer = new byte[4096];
            var sequence = new long[machines];

            // Everything that does not grow with machines exists before the baseline (host, model), so what remains is
            // the per-machine state. JIT'd code is not managed heap.
            var window = TimeSpan.FromMinutes(1);
            var windowStart = new DateTimeOffset(start.UtcTicks - (start.UtcTicks % window.Ticks), TimeSpan.Zero);
            var baseline = FullCollect();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            long messages = 0;
            for (var w = 0; w < windows; w++)
            {
                for (var i = 0; i < machines; i++)
                {
                    var engine = engines[i % engines.Count];
                    var row = engine.Rows[w % engine.Rows.Count];
                    for (var m = 0; m < perWindow; m++)
                    {
                        var length = Payload(buffer, prefixes[i], sequence[i]++, names, indexes, row);
                        await ingest.HandleAsync(new InboundMessage(ids[i], null, topics[i], new ReadOnlySequence<byte>(buffer, 0, length)), cancellationToken);
                        messages++;
                    }

                    windowService.DrainChannel();
                }

                await windowService.CloseWindowAsync(windowStart, cancellationToken);
                windowStart += window;
            }

            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            var after = FullCollect();
            GC.KeepAlive(app);
            return new Figures(
                (after - baseline) / (double)machines,
                after,
                messages,
                cpuSeconds * 1e6 / messages,
                cpuSeconds * 1e6 / ((double)machines * windows));
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static long FullCollect()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>Writes the fleet telemetry JSON of one message straight into <paramref name="buffer"/> (no strings per message).</summary>
    private static int Payload(byte[] buffer, byte[] prefix, long sequence, byte[][] names, int[] indexes, double[] row)
    {
        var span = buffer.AsSpan();
        prefix.CopyTo(span);
        var offset = prefix.Length;
        Utf8Formatter.TryFormat(sequence, span[offset..], out var written);
        offset += written;
        offset += Append(span[offset..], ",\"readings\":{"u8);
        for (var c = 0; c < names.Length; c++)
        {
            offset += Append(span[offset..], c == 0 ? "\""u8 : ",\""u8);
            offset += Append(span[offset..], names[c]);
            offset += Append(span[offset..], "\":"u8);
            Utf8Formatter.TryFormat(row[indexes[c]], span[offset..], out written);
            offset += written;
        }

        return offset + Append(span[offset..], "}}"u8);
    }

    private static int Append(Span<byte> destination, ReadOnlySpan<byte> value)
    {
        value.CopyTo(destination);
        return value.Length;
    }

    private sealed record Figures(double BytesPerMachine, long HeapAfter, long Messages, double CpuMicrosecondsPerMessage, double CpuMicrosecondsPerMachineWindow);
}
