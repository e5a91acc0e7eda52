using System.Diagnostics;
using System.Globalization;
using Edge.Contracts;
using Edge.Kernel;
using Edge.StoreForward.Outbox;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.LoadHarness;

/// <summary>
/// The outbox drain and cloud ingest benchmark: a backlog of machine summaries is committed to a gateway's outbox with
/// the gateway's own outbox code (as if the WAN had been down), then the cloud (its own process) and the gateway (its
/// own process, uplink pointed at the cloud's broker) are started, and the clock runs until the cloud's store holds every
/// record, exactly once.
/// </summary>
internal static class DrainRun
{
    public const string GatewayId = "drain-bench";

    /// <summary>The gateway whose backlog warms the cloud up before the measured drain (<c>--cloud-warmup</c>).</summary>
    public const string WarmupGatewayId = "drain-warmup";

    private const int AppendBatch = 1000;
    private const int Machines = 100;
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(20);

    public static async Task<int> RunAsync(DrainOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Records, 1);
        output.WriteLine(MachineDescription.Describe());
        var directory = Directory.CreateTempSubdirectory("edge-bench-drain-").FullName;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Drain: {options.Records:N0} machine summaries, cloud store {options.Store}{(options.Store == DrainStore.Postgres ? (options.PostgresFsync ? " (fsync on)" : " (fsync off)") : " (WAL, synchronous=FULL)")}, Uplink:BatchSize={options.BatchSize?.ToString(CultureInfo.InvariantCulture) ?? "default"}, Uplink:RecordsPerPublish={options.RecordsPerPublish?.ToString(CultureInfo.InvariantCulture) ?? "default"}, Uplink:DrainRatePerSecond={options.DrainRatePerSecond}, {(options.CloudWarmupRecords > 0 ? $"cloud warmed up first with {options.CloudWarmupRecords:N0} records of another gateway" : "cloud started cold")}; logs in {directory}"));

        var gatewayData = Path.Combine(directory, "gateway-data");
        var sequences = BuildBacklog(gatewayData, options.Records, output);
        var warmupData = Path.Combine(directory, "warmup-gateway-data");
        var warmupLast = options.CloudWarmupRecords > 0 ? BuildBacklog(warmupData, options.CloudWarmupRecords, output).Last : 0;

        await using var cloud = new DrainCloud(directory, options);
        ChildProcess? gateway = null;
        var failed = true;
        try
        {
            await cloud.StartAsync(cancellationToken);
            output.WriteLine($"   cloud pid {cloud.Process!.Pid}, broker port {cloud.BrokerPort}{(cloud.Postgres is { } pg ? $", PostgreSQL pid {pg.ServerPid} port {pg.Port}" : "")}; load average {MachineDescription.LoadAverage()}");
            if (options.CloudWarmupRecords > 0)
            {
                await WarmUpCloudAsync(options, cloud, warmupData, warmupLast, directory, output, cancellationToken);
            }

            var started = Stopwatch.GetTimestamp();
            gateway = StartGateway(options, gatewayData, cloud.BrokerPort, directory, GatewayId, "gateway.log");
            output.WriteLine($"   gateway pid {gateway.Pid}");
            var measure = await MeasureAsync(options, cloud, gateway, started, sequences.Last, cancellationToken);
            var loadAfter = MachineDescription.LoadAverage();
            var peaks = (Gateway: gateway.PeakRssBytes, Cloud: cloud.Process.PeakRssBytes, Database: cloud.Postgres?.PeakRssBytes() ?? 0);

            await gateway.StopAsync(TimeSpan.FromSeconds(20));
            var problem = await cloud.VerifyAsync(GatewayId, sequences, cancellationToken);
            Print(output, options, measure, peaks, loadAfter);
            if (problem is null)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Cloud store: all {sequences.Count:N0} records exactly once (ledger and summaries, sequences {sequences.First}..{sequences.Last})."));
                failed = false;
            }
            else
            {
                output.WriteLine("Cloud store: WRONG: " + problem);
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or TimeoutException or FileNotFoundException or System.Net.Sockets.SocketException or System.Data.Common.DbException)
        {
            output.WriteLine($"FAILED: {exception.Message}");
            if (gateway is not null)
            {
                output.WriteLine("gateway log tail: " + gateway.Tail(20));
            }

            if (cloud.Process is not null)
            {
                output.WriteLine("cloud log tail: " + cloud.Process.Tail(20));
            }
        }
        finally
        {
            if (gateway is not null)
            {
                await gateway.DisposeAsync();
            }
        }

        if (!failed)
        {
            await cloud.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }

        return failed ? 1 : 0;
    }

    /// <summary>Commits the backlog the way the gateway does (1,000 records per transaction) and returns its sequences.</summary>
    private static (long First, long Last, long Count) BuildBacklog(string gatewayData, int records, TextWriter output)
    {
        Directory.CreateDirectory(gatewayData);
        using var outbox = new SqliteOutbox(Path.Combine(gatewayData, new OutboxOptions().FileName), new OutboxOptions(), TimeProvider.System, NullLogger.Instance);
        var windowEnd = DateTimeOffset.UtcNow;
        var windows = (records + Machines - 1) / Machines;
        var batch = new List<UplinkMessage>(AppendBatch);
        long first = 0;
        long last = 0;
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < records; i++)
        {
            // 100 machines, 10 s windows, oldest first: the backlog a gateway builds while its WAN link is down.
            var start = windowEnd - TimeSpan.FromSeconds(10 * (windows - (i / Machines)));
            batch.Add(Summary(RunOptions.MachineId(i % Machines), start, i));
            if (batch.Count == AppendBatch || i == records - 1)
            {
                var committed = outbox.Store.Append(batch);
                first = first == 0 ? committed[0] : first;
                last = committed[^1];
                batch.Clear();
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   backlog: {records:N0} records committed in {stopwatch.Elapsed.TotalSeconds:N2} s ({records / stopwatch.Elapsed.TotalSeconds:N0} records/s, {AppendBatch} per transaction), {outbox.Monitor.Bytes / (double)records:N0} bytes per record"));
        return (first, last, records);
    }

    private static MachineSummary Summary(string machine, DateTimeOffset start, int index) => new()
    {
        MachineId = machine,
        WindowStart = start,
        WindowEnd = start + TimeSpan.FromSeconds(10),
        Sensors =
        [
            new SensorSummary { Sensor = "temperature", Unit = "degC", Count = 10, Mean = 70 + (index % 7), Min = 68, Max = 78, StandardDeviation = 0.8 },
            new SensorSummary { Sensor = "vibration", Unit = "mm/s", Count = 10, Mean = 2.1, Min = 1.9, Max = 2.4, StandardDeviation = 0.1 },
        ],
    };

    /// <summary>Drains another gateway's backlog into the cloud and stops that gateway: the measured drain then meets a cloud whose ingest path has run.</summary>
    private static async Task WarmUpCloudAsync(DrainOptions options, DrainCloud cloud, string warmupData, long lastSequence, string directory, TextWriter output, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var warmup = StartGateway(options, warmupData, cloud.BrokerPort, directory, WarmupGatewayId, "warmup-gateway.log");
        while (!await cloud.ContainsAsync(WarmupGatewayId, lastSequence, cancellationToken)
            || await cloud.CountAsync(WarmupGatewayId, cancellationToken) < options.CloudWarmupRecords)
        {
            Deadline(started, options, warmup, cloud, 0);
            await Task.Delay(s_pollInterval, cancellationToken);
        }

        await warmup.StopAsync(TimeSpan.FromSeconds(20));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   cloud warmed up: {options.CloudWarmupRecords:N0} records of gateway {WarmupGatewayId} drained first in {Stopwatch.GetElapsedTime(started).TotalSeconds:N1} s (not measured)"));
    }

    private static ChildProcess StartGateway(DrainOptions options, string gatewayData, int cloudBrokerPort, string directory, string gatewayId, string logName)
    {
        List<string> arguments =
        [
            options.GatewayDll ?? RepositoryLayout.GatewayDll, "run",
            $"--Gateway:Id={gatewayId}",
            $"--Gateway:DataDirectory={gatewayData}",
            $"--Gateway:LocalWebUrl=http://127.0.0.1:{Loopback.FreePort()}",
            $"--Broker:Port={Loopback.FreePort()}",
            "--Uplink:Host=127.0.0.1",
            $"--Uplink:Port={cloudBrokerPort}",
            string.Create(CultureInfo.InvariantCulture, $"--Uplink:DrainRatePerSecond={options.DrainRatePerSecond}"),
            "--Logging:LogLevel:Default=Warning",
        ];
        if (options.BatchSize is { } batchSize)
        {
            arguments.Add(string.Create(CultureInfo.InvariantCulture, $"--Uplink:BatchSize={batchSize}"));
        }

        if (options.RecordsPerPublish is { } recordsPerPublish)
        {
            arguments.Add(string.Create(CultureInfo.InvariantCulture, $"--Uplink:RecordsPerPublish={recordsPerPublish}"));
        }

        return ChildProcess.Start("gateway", "dotnet", arguments, Path.Combine(directory, logName));
    }

    /// <summary>
    /// Polls the store until it holds every record. The rate and CPU figures cover the drain itself: from the first record
    /// seen in the store to the last (process start-up and JIT are before it, and reported apart as time to first record).
    /// While the drain runs, the poll only looks up the last sequence by primary key (the gateway sends oldest first, so
    /// it arrives in the last round); counting every record each time cost the store (PostgreSQL's CPU is measured) and
    /// this machine's two cores more and more as the table grew.
    /// </summary>
    private static async Task<DrainMeasure> MeasureAsync(DrainOptions options, DrainCloud cloud, ChildProcess gateway, long started, long lastSequence, CancellationToken cancellationToken)
    {
        while (!await cloud.AnyAsync(GatewayId, cancellationToken))
        {
            Deadline(started, options, gateway, cloud, 0);
            await Task.Delay(s_pollInterval, cancellationToken);
        }

        var firstSeen = Stopwatch.GetTimestamp();
        var gatewayCpu = gateway.CpuTicks;
        var gatewaySystemCpu = gateway.SystemCpuTicks;
        var (cloudCpu, databaseCpu) = cloud.CpuTicks();
        var cloudSystemCpu = cloud.Process!.SystemCpuTicks;
        var storedAtFirst = await cloud.CountAsync(GatewayId, cancellationToken);
        var stored = storedAtFirst;
        while (stored < options.Records)
        {
            Deadline(started, options, gateway, cloud, stored);
            await Task.Delay(s_pollInterval, cancellationToken);
            if (await cloud.ContainsAsync(GatewayId, lastSequence, cancellationToken))
            {
                stored = await cloud.CountAsync(GatewayId, cancellationToken);
            }
        }

        var done = Stopwatch.GetTimestamp();
        var (cloudCpuEnd, databaseCpuEnd) = cloud.CpuTicks();
        return new DrainMeasure(
            Records: options.Records - storedAtFirst,
            Drain: Stopwatch.GetElapsedTime(firstSeen, done),
            Total: Stopwatch.GetElapsedTime(started, done),
            ToFirstRecord: Stopwatch.GetElapsedTime(started, firstSeen),
            GatewayCpuSeconds: (gateway.CpuTicks - gatewayCpu) / ProcStats.TicksPerSecond,
            GatewaySystemCpuSeconds: (gateway.SystemCpuTicks - gatewaySystemCpu) / ProcStats.TicksPerSecond,
            CloudCpuSeconds: (cloudCpuEnd - cloudCpu) / ProcStats.TicksPerSecond,
            CloudSystemCpuSeconds: (cloud.Process.SystemCpuTicks - cloudSystemCpu) / ProcStats.TicksPerSecond,
            DatabaseCpuSeconds: (databaseCpuEnd - databaseCpu) / ProcStats.TicksPerSecond);
    }

    private static void Deadline(long started, DrainOptions options, ChildProcess gateway, DrainCloud cloud, long stored)
    {
        if (gateway.HasExited || cloud.Process!.HasExited)
        {
            throw new InvalidOperationException($"The {(gateway.HasExited ? "gateway" : "cloud")} exited during the drain ({stored:N0} records stored).");
        }

        if (Stopwatch.GetElapsedTime(started) > options.Timeout)
        {
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"Only {stored:N0} of {options.Records:N0} records stored after {options.Timeout.TotalSeconds:N0} s."));
        }
    }

    private static void Print(TextWriter output, DrainOptions options, DrainMeasure measure, (long Gateway, long Cloud, long Database) peaks, string loadAfter)
    {
        var perRecord = 1e6 / measure.Records;
        output.WriteLine();
        output.WriteLine($"| outbox drain to the cloud ({options.Store}) | |");
        output.WriteLine("|---|---:|");
        Row(output, "records/s (first to last record stored)", F($"{measure.Records / measure.Drain.TotalSeconds:N0}"));
        Row(output, "records/s (gateway start to last record stored)", F($"{options.Records / measure.Total.TotalSeconds:N0}"));
        Row(output, "gateway start to first record stored, s", F($"{measure.ToFirstRecord.TotalSeconds:N2}"));
        Row(output, "drain time, s (records measured)", F($"{measure.Drain.TotalSeconds:N2} ({measure.Records:N0})"));
        Row(output, "CPU us/record, gateway (of which kernel)", F($"{measure.GatewayCpuSeconds * perRecord:N1} ({measure.GatewaySystemCpuSeconds * perRecord:N1})"));
        Row(output, "CPU us/record, cloud (of which kernel)", F($"{measure.CloudCpuSeconds * perRecord:N1} ({measure.CloudSystemCpuSeconds * perRecord:N1})"));
        if (options.Store == DrainStore.Postgres)
        {
            Row(output, "CPU us/record, PostgreSQL (all its processes)", F($"{measure.DatabaseCpuSeconds * perRecord:N1}"));
        }

        Row(output, "CPU us/record, all", F($"{(measure.GatewayCpuSeconds + measure.CloudCpuSeconds + measure.DatabaseCpuSeconds) * perRecord:N1}"));
        Row(output, "peak RSS, MB", F($"gateway {peaks.Gateway / 1048576.0:N0}; cloud {peaks.Cloud / 1048576.0:N0}") + (options.Store == DrainStore.Postgres ? F($"; PostgreSQL (largest process) {peaks.Database / 1048576.0:N0}") : ""));
        Row(output, "load average after", loadAfter);
        output.WriteLine();
    }

    private static void Row(TextWriter output, string label, string value) => output.WriteLine($"| {label} | {value} |");

    private static string F(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
