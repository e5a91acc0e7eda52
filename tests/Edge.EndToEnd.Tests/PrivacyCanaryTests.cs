using System.Security.Cryptography;
using System.Text;
using Edge.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Edge.EndToEnd.Tests;

/// <summary>
/// The privacy proof, end to end: scanner messages in both formats carry canary MAC addresses, a canary beacon UUID
/// and canary manufacturer data; after footfall has been released to the cloud, none of them, in any common encoding,
/// is in the bytes the cloud broker received, in any file of the gateway's data folder (SQLite and WAL files), in the
/// logs of both hosts, or in files written to the temp folder during the test.
/// </summary>
public sealed class PrivacyCanaryTests
{
    [Fact]
    public async Task ScannerMessagesWithCanaries_LeaveNoTraceOnDiskInLogsOrOnTheWire()
    {
        var started = DateTime.UtcNow;
        var macs = new[] { RandomBytes(6), RandomBytes(6) };
        macs[0][0] = 0x4A; // A random (private) address, as phones use.
        macs[1][0] = 0x5E;
        var uuid = RandomBytes(16);
        var logs = new CapturingLoggerProvider();
        await using var stack = new EdgeStack();
        stack.CloudServices = services => services.AddLogging(logging => logging.AddProvider(logs));
        await stack.StartCloudAsync();
        await using var proxy = new CaptureProxy(stack.CloudBrokerPort);
        var now = DateTimeOffset.UtcNow;
        var opening = new TimeOnly(now.Hour, now.Minute);
        foreach (var (key, value) in new Dictionary<string, string?>
        {
            ["Uplink:Port"] = proxy.Port.ToString(),
            ["Footfall:Scanners:omg-entrance"] = "entrance",
            ["Footfall:Scanners:produce"] = "produce",
            ["Footfall:ConfirmAfter"] = "00:00:01",
            ["Footfall:SightingThrottle"] = "00:00:00.000100",
            ["Privacy:StoreId"] = "store-canary",
            ["Privacy:Zones:0"] = "entrance",
            ["Privacy:Zones:1"] = "produce",
            ["Privacy:TimeZone"] = "UTC",
            ["Privacy:OpeningTime"] = opening.ToString("HH:mm"),
            ["Privacy:ClosingTime"] = opening.AddMinutes(10).ToString("HH:mm"),
            ["Privacy:Window"] = "00:01:00",
            ["Privacy:ReleasesPerDay"] = "10",
            ["Privacy:TickInterval"] = "00:00:00.500",
        })
        {
            stack.ExtraGatewaySettings[key] = value;
        }

        stack.GatewayServices = services => services.AddLogging(logging => logging.AddProvider(logs));
        await stack.StartGatewayAsync(TimeSpan.FromSeconds(5), "press-01");
        using var scanner = await TelemetryToCloudTests.ConnectAsync(stack.GatewayBrokerPort);
        var manufacturerData = "4c000215" + Convert.ToHexString(uuid).ToLowerInvariant() + "0007000bc5";
        var uuidText = new Guid(uuid, bigEndian: true).ToString();

        // Publish both formats until the first footfall report has crossed to the cloud (the window closes within a minute).
        await Eventually.WaitAsync(
            async () =>
            {
                await TelemetryToCloudTests.PublishAsync(scanner, $"home/omg-entrance/BTtoMQTT/{Convert.ToHexString(macs[0])}",
                    $$"""{"id":"{{Colon(macs[0])}}","mac_type":1,"rssi":-58,"manufacturerdata":"{{manufacturerData}}"}""");
                await TelemetryToCloudTests.PublishAsync(scanner, $"espresense/devices/iBeacon-{uuidText}-7-11/produce",
                    $$"""{"id":"iBeacon:{{uuidText}}-7-11","rssi@1m":-59,"rssi":-61,"distance":1.2,"mac":"{{Convert.ToHexString(macs[1]).ToLowerInvariant()}}","interval":1000}""");
                return Encoding.UTF8.GetString(proxy.Captured()).Contains("footfall-report", StringComparison.Ordinal);
            },
            released => released,
            TimeSpan.FromSeconds(150),
            "a footfall report reached the cloud broker");

        await stack.Gateway!.StopAsync();
        var canaries = Encodings(macs[0]).Concat(Encodings(macs[1])).Concat(Encodings(uuid)).Concat([manufacturerData, uuidText]).ToList();

        // The search has teeth: it finds the canaries in what the scanners published.
        Assert.NotEmpty(Hits(Encoding.UTF8.GetBytes(manufacturerData + uuidText + Colon(macs[0])), canaries));
        Assert.Empty(Hits(proxy.Captured(), canaries));
        Assert.Empty(Hits(Encoding.UTF8.GetBytes(logs.Text), canaries));
        foreach (var file in Directory.EnumerateFiles(stack.GatewayDataDirectory, "*", SearchOption.AllDirectories))
        {
            Assert.True(Hits(await File.ReadAllBytesAsync(file), canaries).Count == 0, $"canary found in {file}");
        }

        foreach (var file in RecentTempFiles(started))
        {
            Assert.True(Hits(file.Bytes, canaries).Count == 0, $"canary found in {file.Path}");
        }
    }

    private static byte[] RandomBytes(int count) => RandomNumberGenerator.GetBytes(count);

    private static string Colon(byte[] bytes) => string.Join(':', bytes.Select(b => b.ToString("X2")));

    /// <summary>Colon and plain hex, both cases, both byte orders, and base64.</summary>
    private static IEnumerable<string> Encodings(byte[] bytes)
    {
        var reversed = bytes.Reverse().ToArray();
        foreach (var form in new[] { bytes, reversed })
        {
            yield return Colon(form);
            yield return Colon(form).ToLowerInvariant();
            yield return Convert.ToHexString(form);
            yield return Convert.ToHexString(form).ToLowerInvariant();
            yield return Convert.ToBase64String(form);
        }
    }

    private static List<string> Hits(byte[] haystack, IEnumerable<string> canaries)
    {
        var utf8 = Encoding.UTF8.GetString(haystack);
        var utf16 = Encoding.Unicode.GetString(haystack);
        return [.. canaries.Where(c => utf8.Contains(c, StringComparison.Ordinal) || utf16.Contains(c, StringComparison.Ordinal))];
    }

    private static List<(string Path, byte[] Bytes)> RecentTempFiles(DateTime since)
    {
        var files = new List<(string Path, byte[] Bytes)>();
        foreach (var path in Directory.EnumerateFiles(Path.GetTempPath(), "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }))
        {
            try
            {
                var info = new FileInfo(path);
                // Zero-length entries are skipped: they hold nothing, and FIFOs (the runtime's debug pipes live in the
                // temp folder) report a length of 0 and would block a reader forever.
                if (info.LastWriteTimeUtc >= since && info.Length > 0 && info.Length < 64 * 1024 * 1024)
                {
                    files.Add((path, File.ReadAllBytes(path)));
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Another test's file came and went.
            }
        }

        return files;
    }
}
