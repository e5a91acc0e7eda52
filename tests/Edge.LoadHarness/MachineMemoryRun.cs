using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Edge.Gateway.Hosting;
using Edge.Ingest.Broker;
using Edge.Ingest.Json;
using Edge.Ingest.Telemetry;
using Edge.Kernel;
using Edge.Maintenance.Data;
using Edge.Maintenance.Models;
using Edge.Maintenance.Serving;
using Edge.Maintenance.Training;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Edge.LoadHarness;

/// <summary>
/// Memory and CPU per machine of the gateway's own per-machine state, in process (no broker, no sockets): one gateway
/// composition (not started) serving a remaining-life model trained from the C-MAPSS training file, every machine
/// configured. The fleet then grows through the sizes asked for (10, 100, 1000): at each size every active machine
/// sends <c>--windows</c> windows of telemetry (the model's channels, values from a training engine) through ingest ->
/// window -> close (outbox, features, scoring, alert policy), then a full compacting GC. Bytes per machine is the heap
/// above the baseline (host built, model loaded, one warm-up machine through <c>Maintenance:DriftWindows</c> windows, so
/// what a model pools over all machines is full and every path is compiled) divided by the active machines; the marginal
/// figure is the growth from the previous size divided by the machines added.
/// </summary>
internal static class MachineMemoryRun
{
    private const string ModelFile = "cmapss-rul.zip";

    public static async Task<int> RunAsync(
        IReadOnlyList<int> sizes, int windows, int perWindow, string? modelPath, IReadOnlyList<string> settings, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(perWindow, 1);
        if (sizes.Count == 0 || sizes[0] < 1 || sizes.Zip(sizes.Skip(1)).Any(pair => pair.Second <= pair.First))
        {
            throw new ArgumentException("Machine counts must be positive and increasing, e.g. 10,100,1000.", nameof(sizes));
        }

        output.WriteLine(MachineDescription.Describe());
        var trainFile = Path.Combine(RepositoryLayout.Root, "data", "cmapss", "train_FD001.txt.gz");
        var engines = CmapssFile.Load(trainFile);
        var directory = Directory.CreateTempSubdirectory("edge-bench-machines-").FullName;
        try
        {
            var models = Path.Combine(directory, "models");
            Directory.CreateDirectory(models);
            if (modelPath is null)
            {
                var trained = Stopwatch.GetTimestamp();
                var options = new RulTrainingOptions
                {
                    Folds = 2,
                    Candidates = [new TreeHyperparameters(Trees: 40, Leaves: 16, LearningRate: 0.1, MinimumExamplesPerLeaf: 50, FeatureFraction: 0.5)],
                };
                new RulTrainer().Train(engines, trainFile, DataHash.OfFile(trainFile), Path.Combine(models, ModelFile), options);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Model: FastTree remaining life, 40 trees, trained on {Path.GetFileName(trainFile)} in {Stopwatch.GetElapsedTime(trained).TotalSeconds:N1} s."));
            }
            else
            {
                File.Copy(modelPath, Path.Combine(models, ModelFile));
            }

            var manifest = ModelBundle.Load(Path.Combine(models, ModelFile)).Manifest;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Each machine: {manifest.Channels.Count} channels per message, {perWindow} messages per window, {windows} windows per size; model {manifest.FeatureNames.Count} features."));
            if (settings.Count > 0)
            {
                output.WriteLine("Gateway settings: " + string.Join(", ", settings));
            }

            await using var fleet = await Fleet.StartAsync(sizes[^1], directory, models, settings, manifest.Channels, engines, perWindow, cancellationToken);
            output.WriteLine();
            output.WriteLine("| machines | managed bytes per machine | marginal bytes per added machine | heap above baseline, MB | messages | CPU us per message | CPU us per machine-window | load average |");
            output.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---|");
            var previousMachines = 0;
            long previousHeap = 0;
            foreach (var size in sizes)
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                long messages = 0;
                for (var w = 0; w < windows; w++)
                {
                    messages += await fleet.WindowAsync(0, size, cancellationToken);
                }

                var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                fleet.CheckScored(size);
                var heap = FullCollect() - fleet.Baseline;
                await Fleet.HoldForSnapshotAsync(cancellationToken);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {size:N0} | {heap / (double)size:N0} | {(heap - previousHeap) / (double)(size - previousMachines):N0} | {heap / 1048576.0:N1} | {messages:N0} | {cpuSeconds * 1e6 / messages:N1} | {cpuSeconds * 1e6 / ((double)size * windows):N1} | {MachineDescription.LoadAverage()} |"));
                previousMachines = size;
                previousHeap = heap;
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        return 0;
    }

    private static long FullCollect()
    {
        for (var i = 0; i < 3; i++)
        {
            // The large object heap too: free space left there by a big window's buffers is not per-machine state.
            System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        // Live bytes: what survived the last full blocking collection (GC.GetTotalMemory also counts free space
        // between survivors, which made the larger fleets look a few KB per machine heavier than a heap snapshot shows).
        return GC.GetGCMemoryInfo(GCKind.FullBlocking).PromotedBytes;
    }

    /// <summary>The gateway's composition with every machine configured, and the machines' telemetry.</summary>
    private sealed class Fleet : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly TelemetryIngest _ingest;
        private readonly WindowService _windows;
        private readonly string[] _topics;
        private readonly byte[][] _prefixes;
        private readonly long[] _sequence;
        private readonly byte[][] _names;
        private readonly int[] _indexes;
        private readonly IReadOnlyList<CmapssEngine> _engines;
        private readonly int _perWindow;
        private readonly byte[] _buffer = new byte[4096];
        private DateTimeOffset _windowStart;

        private Fleet(WebApplication app, int machines, IReadOnlyList<string> channels, IReadOnlyList<CmapssEngine> engines, int perWindow)
        {
            _app = app;
            _ingest = app.Services.GetRequiredService<TelemetryIngest>();
            _windows = app.Services.GetRequiredService<WindowService>();
            _engines = engines;
            _perWindow = perWindow;
            var now = DateTimeOffset.UtcNow;
            var stamp = now.ToString("O", CultureInfo.InvariantCulture);
            var ids = Enumerable.Range(0, machines + 1).Select(MachineId).ToArray();
            _topics = [.. ids.Select(id => $"devices/{id}/telemetry")];
            _prefixes = [.. ids.Select(id => Encoding.UTF8.GetBytes($"{{\"machineId\":\"{id}\",\"timestamp\":\"{stamp}\",\"sequence\":"))];
            _sequence = new long[machines + 1];
            _names = [.. channels.Select(channel => Encoding.UTF8.GetBytes(channel))];
            _indexes = RulTrainer.ChannelIndexes(channels);
            var window = TimeSpan.FromMinutes(1);
            _windowStart = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % window.Ticks), TimeSpan.Zero);
            WarmUpMachine = machines;
        }

        /// <summary>Index of the machine that warms the gateway up before the baseline.</summary>
        public int WarmUpMachine { get; }

        public long Baseline { get; private set; }

        public static async Task<Fleet> StartAsync(
            int machines, string directory, string models, IReadOnlyList<string> settings, IReadOnlyList<string> channels,
            IReadOnlyList<CmapssEngine> engines, int perWindow, CancellationToken cancellationToken)
        {
            var configuration = new Dictionary<string, string?>
            {
                ["Gateway:DataDirectory"] = directory,
                ["Maintenance:ModelsDirectory"] = models,
                ["Logging:LogLevel:Default"] = "Error",
                ["Telemetry:Window"] = "00:01:00",
                ["Fleet:MessagesPerSecond"] = "1000000",
                ["Fleet:Burst"] = "1000000",
            };
            for (var i = 0; i <= machines; i++)
            {
                configuration[$"Telemetry:Machines:{i}"] = MachineId(i);
            }

            foreach (var setting in settings)
            {
                var equals = setting.IndexOf('=', StringComparison.Ordinal);
                configuration[setting[..equals]] = setting[(equals + 1)..];
            }

            var app = GatewayHost.Build([], builder => builder.AddInMemoryCollection(configuration));
            if (app.Services.GetRequiredService<ModelRegistry>().Scan(models) != 1)
            {
                await app.DisposeAsync();
                throw new InvalidOperationException("The model did not load.");
            }

            var fleet = new Fleet(app, machines, channels, engines, perWindow);
            // Fixed costs first: the model's drift population (Maintenance:DriftWindows feature vectors pooled over all
            // machines) fills from the warm-up machine alone, and every path is compiled before the baseline.
            var warmUp = app.Services.GetRequiredService<IOptions<MaintenanceOptions>>().Value.DriftWindows;
            for (var w = 0; w < warmUp; w++)
            {
                await fleet.WindowAsync(fleet.WarmUpMachine, fleet.WarmUpMachine + 1, cancellationToken);
            }

            fleet.Baseline = FullCollect();
            return fleet;
        }

        /// <summary>One window: machines [first, end) each send their messages, then the window closes.</summary>
        public async Task<long> WindowAsync(int first, int end, CancellationToken cancellationToken)
        {
            long sent = 0;
            for (var i = first; i < end; i++)
            {
                var engine = _engines[i % _engines.Count];
                var row = engine.Rows[(int)(_sequence[i] / _perWindow % engine.Rows.Count)];
                for (var m = 0; m < _perWindow; m++)
                {
                    var length = Payload(i, row);
                    await _ingest.HandleAsync(new InboundMessage(MachineId(i), null, _topics[i], new ReadOnlySequence<byte>(_buffer, 0, length)), cancellationToken);
                    sent++;
                }

                _windows.DrainChannel();
            }

            await _windows.CloseWindowAsync(_windowStart, cancellationToken);
            _windowStart += TimeSpan.FromMinutes(1);
            return sent;
        }

        /// <summary>Every active machine (and the warm-up one) must have a remaining-life prediction, or the figures mean nothing.</summary>
        public void CheckScored(int machines)
        {
            var scored = _app.Services.GetRequiredService<MaintenanceObserver>().Predictions
                .Count(p => p.Source == ModelFile && p.PredictedRemainingLife is not null);
            if (scored != machines + 1)
            {
                throw new InvalidOperationException($"Only {scored} of {machines + 1} machines were scored by the model: see the log above.");
            }
        }

        /// <summary><c>EDGE_BENCH_HOLD_SECONDS=n</c>: a pause to take a heap snapshot (<c>dotnet-gcdump collect -p PID</c>).</summary>
        public static async Task HoldForSnapshotAsync(CancellationToken cancellationToken)
        {
            if (Environment.GetEnvironmentVariable("EDGE_BENCH_HOLD_SECONDS") is { } hold)
            {
                Console.WriteLine($"   holding {hold} s for a heap snapshot (pid {Environment.ProcessId})");
                await Task.Delay(TimeSpan.FromSeconds(int.Parse(hold, CultureInfo.InvariantCulture)), cancellationToken);
            }
        }

        /// <summary>Writes the fleet telemetry JSON of one message straight into the buffer (no strings per message).</summary>
        private int Payload(int machine, double[] row)
        {
            var span = _buffer.AsSpan();
            _prefixes[machine].CopyTo(span);
            var offset = _prefixes[machine].Length;
            Utf8Formatter.TryFormat(_sequence[machine]++, span[offset..], out var written);
            offset += written;
            offset += Append(span[offset..], ",\"readings\":{"u8);
            for (var c = 0; c < _names.Length; c++)
            {
                offset += Append(span[offset..], c == 0 ? "\""u8 : ",\""u8);
                offset += Append(span[offset..], _names[c]);
                offset += Append(span[offset..], "\":"u8);
                Utf8Formatter.TryFormat(row[_indexes[c]], span[offset..], out written);
                offset += written;
            }

            return offset + Append(span[offset..], "}}"u8);
        }

        private static int Append(Span<byte> destination, ReadOnlySpan<byte> value)
        {
            value.CopyTo(destination);
            return value.Length;
        }

        private static string MachineId(int index) => $"m-{index:D4}";

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
