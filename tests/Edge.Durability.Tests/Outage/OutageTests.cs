using System.Globalization;
using System.Text.Json;
using Edge.Contracts;
using Edge.Durability.Tests.Kit;
using Edge.Gateway.Hosting;
using Edge.Kernel;
using Edge.StoreForward.Outbox;
using Edge.StoreForward.Uplink;
using Edge.TestKit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Edge.Durability.Tests.Outage;

/// <summary>
/// The cloud is unreachable while the gateway runs at ten times its normal rate on an accelerated clock until the cap
/// is long passed; then the link returns. Every source record must be in the cloud or counted as dropped by class and
/// reason, every alert must arrive, and the backlog must drain completely.
/// Length: <c>EDGE_OUTAGE_HOURS</c> (default 24; the documented long run uses 168, a week).
/// </summary>
public sealed class OutageTests(ITestOutputHelper output)
{
    private const int Machines = 3;
    private const long ReadingsPerWindow = 6;

    [Fact]
    [Trait("Category", "Durability")]
    public async Task Outage_TenTimesTheRateUntilTheCap_PolicyAppliedExactlyAlertsSurviveBacklogDrains()
    {
        var hours = int.Parse(Environment.GetEnvironmentVariable("EDGE_OUTAGE_HOURS") ?? "24", CultureInfo.InvariantCulture);
        var root = Paths.NewTempDirectory("outage");
        var start = new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(start);
        var options = new OutboxOptions { MaxBytes = 512 * 1024, MaxMergedWindows = 60, HealthTimeToLive = TimeSpan.FromDays(1) };
        var folder = OutboxFolder(root);
        try
        {
            await RunAsync(hours, root, start, clock, options, folder);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            // tmpfs is memory: leave nothing behind.
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task RunAsync(int hours, string root, DateTimeOffset start, FakeTimeProvider clock, OutboxOptions options, string folder)
    {
        using var outbox = new SqliteOutbox(Path.Combine(folder, "outbox.db"), options, clock, NullLogger.Instance);

        // Normal: one summary per machine per minute. Ten times that: a window every 6 s. An alert every 30 min, health every minute.
        var window = TimeSpan.FromSeconds(6);
        var appended = new long[4];
        var end = start.AddHours(hours);
        var alerts = 0;
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        for (var now = start; now < end; now += window)
        {
            var batch = new List<UplinkMessage>(Machines + 2);
            for (var machine = 0; machine < Machines; machine++)
            {
                batch.Add(Messages.Summary("m" + machine, now, machine, ReadingsPerWindow, window));
            }

            if (now.Second == 0 && now.Minute % 30 == 0)
            {
                batch.Add(Messages.Alert(alerts++, now));
            }

            if (now.Second == 0)
            {
                batch.Add(Messages.Health(now - start));
            }

            outbox.Store.Append(batch);
            foreach (var message in batch)
            {
                appended[(int)message.Priority]++;
            }

            clock.Advance(window);
            if (now.Minute % 10 == 0 && now.Second == 0)
            {
                outbox.Maintenance.Maintain();
            }
        }

        output.WriteLine($"outage simulated in {stopwatch.Elapsed}");
        var atReconnect = outbox.Monitor.GetStatus();
        Assert.True(atReconnect.Bytes <= options.MaxBytes, $"{atReconnect.Bytes} bytes over the {options.MaxBytes} cap");
        Assert.True(Classes(atReconnect, PriorityClass.MachineSummary).Merged > 0, "the cap must have been reached and summaries downsampled");

        // The link returns.
        await using var cloud = new CloudUnderTest(Path.Combine(root, "cloud"));
        await cloud.StartAsync();
        var uplinkOptions = new UplinkOptions { Port = cloud.BrokerPort, BatchSize = 200, ReconnectBase = TimeSpan.FromMilliseconds(50), ReconnectCap = TimeSpan.FromMilliseconds(200) };
        using var uplink = new UplinkService(outbox.Leases, Options.Create(uplinkOptions), Options.Create(new GatewayOptions { Id = "outage-gw" }), TimeProvider.System, NullLogger<UplinkService>.Instance);
        await uplink.StartAsync(CancellationToken.None);
        await Eventually.WaitAsync(() => outbox.Monitor.Backlog == 0, TimeSpan.FromSeconds(120), "the backlog to drain");
        await uplink.StopAsync(CancellationToken.None);
        await cloud.StopAsync();
        output.WriteLine($"outage and drain in {stopwatch.Elapsed}");

        var status = outbox.Monitor.GetStatus();
        var delivered = Delivered(Path.Combine(cloud.DataDirectory, "cloud.db"));
        output.WriteLine($"{hours} h outage: appended alerts/footfall/summaries/health = {string.Join('/', appended)}; delivered = {string.Join('/', delivered.Records)}; " +
            $"summary windows merged {Classes(status, PriorityClass.MachineSummary).Merged}; dropped = {string.Join(", ", status.Classes.Select(c => c.Class + " " + string.Join('+', c.Dropped.Where(d => d.Value > 0).Select(d => d.Key + ":" + d.Value))))}");
        foreach (var priority in Enum.GetValues<PriorityClass>())
        {
            var dropped = Classes(status, priority).Dropped.Values.Sum();
            Assert.Equal(appended[(int)priority], delivered.Records[(int)priority] + dropped);
        }

        Assert.Equal(alerts, delivered.Records[(int)PriorityClass.Alert]);
        // Downsampling kept every reading of every summary it merged: readings delivered + readings of dropped windows = readings taken.
        var droppedWindows = Classes(status, PriorityClass.MachineSummary).Dropped.Values.Sum();
        Assert.Equal(appended[(int)PriorityClass.MachineSummary] * ReadingsPerWindow, delivered.SummaryReadings + (droppedWindows * ReadingsPerWindow));
    }

    private static string OutboxFolder(string root)
    {
        // The policy is under test here, not the disk: tmpfs keeps a simulated week of commits quick.
        var folder = Directory.Exists("/dev/shm") ? Path.Combine("/dev/shm", "edge-outage-" + Path.GetFileName(root)) : root;
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static OutboxClassStatus Classes(OutboxStatus status, PriorityClass priority) => status.Classes.Single(c => c.Class == priority.ToString());

    /// <summary>Source records per class in the cloud (a downsampled summary counts its windows) and the summaries' readings.</summary>
    private static (long[] Records, long SummaryReadings) Delivered(string cloudDatabase)
    {
        var window = TimeSpan.FromSeconds(6);
        var records = new long[4];
        long readings = 0;
        using var connection = new SqliteConnection($"Data Source={cloudDatabase};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using (var kinds = connection.CreateCommand())
        {
            kinds.CommandText = "SELECT kind, COUNT(*) FROM records WHERE gateway_id = 'outage-gw' AND kind <> 'machine-summary' GROUP BY kind;";
            using var reader = kinds.ExecuteReader();
            while (reader.Read())
            {
                var priority = reader.GetString(0) switch
                {
                    MessageKinds.FailureAlert => PriorityClass.Alert,
                    MessageKinds.FootfallReport => PriorityClass.Footfall,
                    MessageKinds.GatewayHealth => PriorityClass.Health,
                    var other => throw new InvalidOperationException($"unexpected kind {other}"),
                };
                records[(int)priority] += reader.GetInt64(1);
            }
        }

        // A downsampled summary spans its merged windows; its sensors' counts are exact.
        using var summaries = connection.CreateCommand();
        summaries.CommandText = "SELECT window_start, window_end, sensors FROM machine_summaries WHERE gateway_id = 'outage-gw';";
        using var rows = summaries.ExecuteReader();
        while (rows.Read())
        {
            var span = DateTimeOffset.Parse(rows.GetString(1), System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.Parse(rows.GetString(0), System.Globalization.CultureInfo.InvariantCulture);
            records[(int)PriorityClass.MachineSummary] += (long)Math.Round(span / window);
            using var sensors = JsonDocument.Parse(rows.GetString(2));
            readings += sensors.RootElement.EnumerateArray().Sum(sensor => sensor.GetProperty("count").GetInt64());
        }

        return (records, readings);
    }
}
