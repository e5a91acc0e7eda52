using System.Text;
using Edge.Privacy;
using Edge.TestKit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Edge.Privacy.Tests;

/// <summary>
/// Gateway-side canary: known identifiers go through the privacy path as the beacon adapters hand them over
/// (collection policy, pseudonymizer, accumulator, service, ledger, guard, outbox), then every byte of the data
/// folder (SQLite files and their WAL), every log line and every outbound payload is searched for them in every
/// usual encoding. The end-to-end canary through scanner inputs and the cloud broker needs the beacon adapters.
/// </summary>
public sealed class CanaryTests
{
    private static readonly byte[] s_canaryMac = [0xC0, 0xFF, 0xEE, 0x13, 0x37, 0x42];
    private static readonly byte[] s_canaryOptOutMac = [0xC0, 0xFF, 0xEE, 0x0B, 0xAD, 0x01];
    private static readonly Guid s_canaryUuid = Guid.Parse("c0ffee00-1337-4242-8bad-f00ddeadbeef");
    private static readonly Guid s_optOutUuid = Guid.Parse("11111111-2222-3333-4444-555555555555");

    [Fact]
    public void PrivacyPath_CanaryIdentifiers_LeaveNoTraceOnDiskInLogsOrOutbox()
    {
        var options = FootfallTestKit.DefaultOptions();
        options.OptOutBeaconUuids = [s_optOutUuid.ToString()];
        options.DenyList = ["C0:FF:EE:DE:AD:00"];
        var logs = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        using var kit = new FootfallTestKit(options, loggers: loggers);
        using var pseudonymizer = new Pseudonymizer(kit.Time, Options.Create(options));
        var policy = new CollectionPolicy(Options.Create(options), kit.Time, kit.Counters);
        var service = kit.Service(pseudonymizer);
        var uuid = s_canaryUuid.ToByteArray(bigEndian: true);
        var entered = FootfallTestKit.At(9, 5);
        for (var now = FootfallTestKit.At(8, 55); now <= FootfallTestKit.At(12, 2); now = now.AddMinutes(1))
        {
            kit.Time.SetUtcNow(now);
            if (!policy.ShouldDrop(s_canaryMac, uuid))
            {
                var device = pseudonymizer.Pseudonymize(s_canaryMac);
                ((IZoneVisitSink)kit.Accumulator).Record(new ZoneVisit(device, "bakery", entered, null));
            }

            Assert.True(policy.ShouldDrop(s_canaryOptOutMac, s_optOutUuid.ToByteArray(bigEndian: true)));
            Assert.True(policy.ShouldDrop([0xC0, 0xFF, 0xEE, 0xDE, 0xAD, 0x00]));
            service.Step();
        }

        Assert.Single(kit.Outbox.Leases.Peek(10));
        Assert.True(kit.Counters.Get(PrivacyCounter.OptedOutSightings) > 0);
        var haystacks = new List<(string Where, byte[] Bytes)>();
        foreach (var record in kit.Outbox.Leases.Peek(100))
        {
            haystacks.Add(($"outbox record {record.Sequence}", record.Payload.ToArray()));
        }

        // Read the files while the connections are still open, so the WAL files are there too.
        foreach (var file in Directory.EnumerateFiles(kit.Folder, "*", SearchOption.AllDirectories))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            haystacks.Add((Path.GetFileName(file), copy.ToArray()));
        }

        Assert.Contains(haystacks, h => h.Where.EndsWith("-wal", StringComparison.Ordinal));
        haystacks.Add(("logs", Encoding.UTF8.GetBytes(string.Join('\n', logs.Lines))));
        Assert.NotEmpty(logs.Lines);

        // Positive control: the search finds a canary where one is planted, in each kind of encoding.
        foreach (var planted in new[] { "seen c0:ff:ee:13:37:42", "423713eeffc0", Convert.ToBase64String(s_canaryMac), "C0FFEE00-1337-4242-8BAD-F00DDEADBEEF" })
        {
            var bytes = Encoding.UTF8.GetBytes(planted);
            Assert.Contains(Needles(), n => bytes.AsSpan().IndexOf(n.Needle) >= 0);
        }

        foreach (var (where, bytes) in haystacks)
        {
            foreach (var (form, needle) in Needles())
            {
                Assert.True(bytes.AsSpan().IndexOf(needle) < 0, $"canary found in {where} as {form}");
            }
        }
    }

    private static IEnumerable<(string Form, byte[] Needle)> Needles()
    {
        foreach (var (name, raw) in new[] { ("mac", s_canaryMac), ("opt-out mac", s_canaryOptOutMac), ("uuid", s_canaryUuid.ToByteArray(bigEndian: true)) })
        {
            foreach (var (order, bytes) in new[] { ("forward", raw), ("reversed", raw.Reverse().ToArray()) })
            {
                yield return ($"{name} raw bytes {order}", bytes);
                var hex = Convert.ToHexString(bytes);
                foreach (var text in new[]
                {
                    hex, hex.ToLowerInvariant(),
                    string.Join(':', bytes.Select(b => b.ToString("X2"))), string.Join(':', bytes.Select(b => b.ToString("x2"))),
                    string.Join('-', bytes.Select(b => b.ToString("X2"))), string.Join('-', bytes.Select(b => b.ToString("x2"))),
                    Convert.ToBase64String(bytes), Convert.ToBase64String(bytes).TrimEnd('='),
                })
                {
                    yield return ($"{name} {order} text '{text}'", Encoding.UTF8.GetBytes(text));
                    yield return ($"{name} {order} UTF-16 '{text}'", Encoding.Unicode.GetBytes(text));
                }
            }
        }

        yield return ("uuid dashed", Encoding.UTF8.GetBytes(s_canaryUuid.ToString()));
        yield return ("uuid dashed upper", Encoding.UTF8.GetBytes(s_canaryUuid.ToString().ToUpperInvariant()));
    }
}
