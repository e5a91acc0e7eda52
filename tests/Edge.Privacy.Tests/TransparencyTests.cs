using System.Text.Json;
using Edge.Contracts;
using Edge.Privacy;
using Edge.Tools.Privacy;
using Microsoft.Extensions.Options;

namespace Edge.Privacy.Tests;

public sealed class TransparencyTests
{
    private static readonly byte[] s_optOutUuid = Guid.Parse("11111111-2222-3333-4444-555555555555").ToByteArray(bigEndian: true);

    /// <summary>Runs a small store day through the whole path: policy, pseudonymizer, accumulator, service, ledger, guard, outbox.</summary>
    private static (FootfallTestKit Kit, int OptOutSightings) RunDay(PrivacyOptions options)
    {
        options.OptOutBeaconUuids = ["11111111-2222-3333-4444-555555555555"];
        var kit = new FootfallTestKit(options);
        var pseudonymizer = new Pseudonymizer(kit.Time, Options.Create(options));
        var policy = new CollectionPolicy(Options.Create(options), kit.Time, kit.Counters);
        var service = kit.Service(pseudonymizer);
        var optOut = 0;
        var entered = new Dictionary<int, DateTimeOffset>();
        var end = FootfallTestKit.At(12, 1);
        while (kit.Time.GetUtcNow() < end)
        {
            var now = kit.Time.GetUtcNow();
            var minute = (int)(now - FootfallTestKit.At(9, 0)).TotalMinutes;
            for (var shopper = 0; shopper < 12; shopper++)
            {
                // Shopper s is in zone s % 3 during minutes [15 s, 15 s + 20).
                if (minute < 15 * shopper || minute >= (15 * shopper) + 20)
                {
                    continue;
                }

                byte[] address = [0x42, 0, 0, 0, 0, (byte)shopper];
                var uuid = shopper == 5 ? s_optOutUuid : [];
                if (policy.ShouldDrop(address, uuid))
                {
                    optOut += shopper == 5 ? 1 : 0;
                    continue;
                }

                var device = pseudonymizer.Pseudonymize(address);
                entered.TryAdd(shopper, now);
                ((IZoneVisitSink)kit.Accumulator).Record(new ZoneVisit(device, options.Zones[shopper % 3], entered[shopper], null));
            }

            service.Step();
            kit.Time.Advance(TimeSpan.FromMinutes(1));
        }

        service.Step();
        return (kit, optOut);
    }

    [Fact]
    public void Build_AfterADay_DescribesExactlyWhatWasSent()
    {
        var (kit, optOutSightings) = RunDay(FootfallTestKit.DefaultOptions());
        using var _ = kit;

        var record = Assert.Single(kit.Outbox.Leases.Peek(10));
        var sent = Assert.IsType<FootfallReport>(JsonSerializer.Deserialize(record.Payload.Span, ContractsJsonContext.Default.UplinkMessage));
        var report = kit.Transparency().Build();

        // Parameters: the report says what the message was made under.
        Assert.Equal(sent.Privacy.EpsilonPerDay, report.EpsilonPerDay);
        Assert.Equal(sent.Privacy.EpsilonPerRelease, report.EpsilonSpentToday);
        Assert.Equal(sent.Privacy.EpsilonPerRelease, report.EpsilonPerRelease);
        Assert.Equal(sent.Privacy.MaxWindowsPerDevicePerDay, report.MaxCellsPerDevicePerDay);
        Assert.Equal(sent.Privacy.SuppressBelow, report.SuppressBelow);
        Assert.Equal(sent.Privacy.Window, report.Window);
        Assert.Equal(sent.Privacy.MaxDwell, report.MaxDwell);
        Assert.Equal(sent.Privacy.CountNoise95, report.CountNoise95);
        Assert.Equal(sent.Privacy.DwellSecondsNoise95, report.DwellSecondsNoise95);
        var release = Assert.Single(report.ReleasesToday);
        Assert.True(release.InOutbox);
        Assert.Equal(sent.Cells.Count, release.Cells);
        Assert.True(optOutSightings > 0);
        Assert.Equal(optOutSightings, report.Counters["opted_out_sightings"]);
        Assert.Equal(1, report.Counters["opted_out_devices"]);

        // Fields: every path on the wire is listed for the footfall topic, and every listed path was on the wire.
        var topic = Assert.Single(report.OutboundTopics, t => t.Kind == MessageKinds.FootfallReport);
        Assert.Equal("edge/v1/gw-test/footfall-report", topic.Topic);
        var listed = topic.Fields.Where(f => f.Path.StartsWith("message.", StringComparison.Ordinal)).Select(f => f.Path["message.".Length..]).ToHashSet();
        var onWire = new HashSet<string>();
        CollectPaths(JsonDocument.Parse(record.Payload).RootElement, string.Empty, onWire);
        Assert.Equal(listed.Order(), onWire.Order());
        Assert.Contains(topic.Fields, f => f.Path == "sequence");
    }

    [Fact]
    public void Build_SerializedForTheApiAndRenderedForTheCommandLine_CarriesTheFigures()
    {
        var (kit, _) = RunDay(FootfallTestKit.DefaultOptions());
        using var _ = kit;
        var report = kit.Transparency().Build();

        var json = JsonSerializer.Serialize(report, PrivacyJsonContext.Default.PrivacyReport);
        var back = JsonSerializer.Deserialize(json, PrivacyJsonContext.Default.PrivacyReport)!;
        var text = PrivacyCommand.Render(report);

        Assert.Equal(report.EpsilonSpentToday, back.EpsilonSpentToday);
        Assert.Equal(report.OutboundTopics.Sum(t => t.Fields.Count), back.OutboundTopics.Sum(t => t.Fields.Count));
        Assert.Contains("epsilon spent today   1", text, StringComparison.Ordinal);
        Assert.Contains("message.cells[].visitors", text, StringComparison.Ordinal);
    }

    private static void CollectPaths(JsonElement element, string prefix, HashSet<string> paths)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    CollectPaths(property.Value, prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}", paths);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    CollectPaths(item, prefix + "[]", paths);
                }

                break;
            default:
                paths.Add(prefix);
                break;
        }
    }
}
