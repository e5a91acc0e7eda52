using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Edge.Contracts;
using Edge.Gateway.Outbox;

namespace Edge.LoadHarness;

/// <summary>
/// Outbox drain and cloud ingest: a gateway starts with a backlog of machine summaries in its outbox (as after a WAN
/// outage) and an Edge.Cloud process ingests them (QoS 1, PUBACK after the store commit). Measured from the first
/// record stored to the last, so start-up is not counted.
/// </summary>
internal static class DrainRun
{
    public static async Task<int> RunAsync(int records, int batchSize, TimeSpan timeout, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(records, 1);
        output.WriteLine(MachineDescription.Describe());
        var directory = Directory.CreateTempSubdirectory("edge-bench-drain-").FullName;
        var gatewayData = Directory.CreateDirectory(Path.Combine(directory, "edge-data")).FullName;

        var filling = Stopwatch.GetTimestamp();
        using (var outbox = new SqliteOutbox(Path.Combine(gatewayData, "outbox.db"), TimeProvider.System))
        {
            var batch = Summaries(1000);
            for (var appended = 0; appended < records; appended += batch.Count)
            {
                outbox.Append(batch.Count <= records - appended ? batch : [.. batch.Take(records - appended)]);
            }
        }

        var fillSeconds = Stopwatch.GetElapsedTime(filling).TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Backlog: {records:N0} machine summaries appended in batches of 1,000 at {records / fillSeconds:N0} records/s (WAL, synchronous=FULL)."));

        var cloudBrokerPort = Loopback.FreePort();
        var cloudWebPort = Loopback.FreePort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{cloudWebPort}"), Timeout = TimeSpan.FromSeconds(10) };
        await using var cloud = ChildProcess.Start("edge cloud", "dotnet",
            [
                RepositoryLayout.CloudDll,
                $"--Cloud:DataDirectory={Path.Combine(directory, "cloud-data")}",
                $"--Cloud:WebUrl=http://127.0.0.1:{cloudWebPort}",
                $"--Cloud:BrokerPort={cloudBrokerPort}",
                "--Logging:LogLevel:Default=Warning",
            ],
            Path.Combine(directory, "cloud.log"));
        if (!await Loopback.WaitForListenerAsync(new IPEndPoint(IPAddress.Loopback, cloudBrokerPort), cloud, TimeSpan.FromSeconds(60), cancellationToken))
        {
            throw new InvalidOperationException($"The cloud did not start: {cloud.Tail(30)}");
        }

        await StoredAsync(http, cloud, cancellationToken);
        await using var gateway = ChildProcess.Start("edge gateway", "dotnet",
            [
                RepositoryLayout.GatewayDll, "run",
                "--Gateway:Id=bench",
                $"--Gateway:DataDirectory={gatewayData}",
                $"--Gateway:LocalWebUrl=http://127.0.0.1:{Loopback.FreePort()}",
                $"--Broker:Port={Loopback.FreePort()}",
                $"--Uplink:Port={cloudBrokerPort}",
                $"--Uplink:BatchSize={batchSize}",
                "--Logging:LogLevel:Default=Warning",
            ],
            Path.Combine(directory, "gateway.log"));

        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        long first;
        while ((first = await StoredAsync(http, cloud, cancellationToken)) == 0)
        {
            await WaitOrFailAsync(deadline, gateway, cancellationToken);
        }

        var started = Stopwatch.GetTimestamp();
        var gatewayCpu = gateway.CpuTicks;
        var cloudCpu = cloud.CpuTicks;
        long stored;
        while ((stored = await StoredAsync(http, cloud, cancellationToken)) < records)
        {
            await WaitOrFailAsync(deadline, gateway, cancellationToken);
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var drained = stored - first;
        var gatewayMicroseconds = (gateway.CpuTicks - gatewayCpu) / ProcStats.TicksPerSecond * 1e6 / drained;
        var cloudMicroseconds = (cloud.CpuTicks - cloudCpu) / ProcStats.TicksPerSecond * 1e6 / drained;
        output.WriteLine();
        output.WriteLine($"| outbox -> cloud (batch {batchSize}) | |");
        output.WriteLine("|---|---:|");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| records/s drained and stored | {drained / seconds:N0} |"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| CPU us/record, gateway (uplink + outbox) | {gatewayMicroseconds:N1} |"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| CPU us/record, cloud (broker + store) | {cloudMicroseconds:N1} |"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| peak RSS, MB | gateway {gateway.PeakRssBytes / 1048576.0:N0}; cloud {cloud.PeakRssBytes / 1048576.0:N0} |"));
        await gateway.StopAsync(TimeSpan.FromSeconds(10));
        await cloud.StopAsync(TimeSpan.FromSeconds(10));
        Directory.Delete(directory, recursive: true);
        return 0;
    }

    private static async Task WaitOrFailAsync(long deadline, ChildProcess gateway, CancellationToken cancellationToken)
    {
        if (gateway.HasExited || Stopwatch.GetTimestamp() > deadline)
        {
            throw new TimeoutException($"The backlog did not reach the cloud in time: {gateway.Tail(20)}");
        }

        await Task.Delay(25, cancellationToken);
    }

    /// <summary>Records the cloud has stored (its <c>/api/ingest</c>), waiting for its web to come up.</summary>
    private static async Task<long> StoredAsync(HttpClient http, ChildProcess cloud, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var stream = await http.GetStreamAsync(new Uri("/api/ingest", UriKind.Relative), cancellationToken);
                using var status = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
                return status.RootElement.GetProperty("stored").GetInt64();
            }
            catch (HttpRequestException) when (!cloud.HasExited && attempt < 1000)
            {
                await Task.Delay(20, cancellationToken);
            }
        }
    }

    private static List<UplinkMessage> Summaries(int count)
    {
        var start = new DateTimeOffset(2026, 11, 29, 14, 0, 0, TimeSpan.Zero);
        var summaries = new List<UplinkMessage>(count);
        for (var i = 0; i < count; i++)
        {
            summaries.Add(new MachineSummary
            {
                MachineId = RunOptions.MachineId(i % 100),
                WindowStart = start.AddMinutes(i / 100),
                WindowEnd = start.AddMinutes((i / 100) + 1),
                Sensors =
                [
                    new SensorSummary { Sensor = "temperature", Count = 60, Mean = 71.3, Min = 70.1, Max = 72.9, StandardDeviation = 0.4 },
                    new SensorSummary { Sensor = "vibration", Count = 60, Mean = 2.1, Min = 1.9, Max = 2.4, StandardDeviation = 0.1 },
                ],
            });
        }

        return summaries;
    }
}
