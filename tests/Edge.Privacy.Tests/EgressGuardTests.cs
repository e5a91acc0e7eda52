using Edge.Contracts;
using Edge.Privacy;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Edge.Privacy.Tests;

public sealed class EgressGuardTests
{
    private const string StoreBeacon = "2f234454-cf6d-4a0f-adf2-f4911ba9ffa6";

    private static EgressGuard Guard(PrivacyCounters counters) =>
        new(new RecordingWriter(), Options.Create(new PrivacyOptions { AllowListedBeaconUuids = [StoreBeacon] }), counters, NullLogger<EgressGuard>.Instance);

    private static FootfallReport Report(string zone) => new()
    {
        StoreId = "store-1",
        Day = new DateOnly(2026, 11, 30),
        Cells =
        [
            new FootfallCell { ZoneId = zone, WindowStart = DateTimeOffset.UnixEpoch, WindowEnd = DateTimeOffset.UnixEpoch.AddHours(1), Visitors = 3, DwellSecondsSum = 600 },
        ],
        Privacy = new PrivacyParameters
        {
            EpsilonPerRelease = 1,
            EpsilonPerDay = 1,
            MaxWindowsPerDevicePerDay = 4,
            SuppressBelow = 0,
            Window = TimeSpan.FromHours(1),
            MaxDwell = TimeSpan.FromMinutes(30),
            CountNoise95 = 12,
        },
    };

    private static GatewayHealth Health(params string[] warnings) => new()
    {
        Version = "1.0.0",
        Uptime = TimeSpan.FromHours(5),
        Warnings = warnings,
    };

    [Fact]
    public void Inspect_OrdinaryContractMessages_AreAccepted()
    {
        using var counters = new PrivacyCounters();
        var guard = Guard(counters);

        Assert.True(guard.Inspect(Report("bakery")).Accepted);
        Assert.True(guard.Inspect(Health("outbox 80% full since 2026-11-29T14:00:00Z")).Accepted);
        Assert.True(guard.Inspect(Health($"store beacon {StoreBeacon} battery low")).Accepted);
        Assert.Equal(0, counters.Get(PrivacyCounter.EgressRejected));
    }

    [Theory]
    [InlineData("AA:BB:CC:DD:EE:FF")]
    [InlineData("aa-bb-cc-dd-ee-ff")]
    [InlineData("seen aabbccddeeff today")]
    [InlineData("e2c56db5-dffb-48d2-b060-d0f5a71096e0")]
    [InlineData("E2C56DB5DFFB48D2B060D0F5A71096E0")]
    [InlineData("payload 0201061aff4c000215")]
    public void Inspect_IdentifierShapedString_IsRejectedAndCounted(string leaked)
    {
        using var counters = new PrivacyCounters();
        var guard = Guard(counters);

        var inZone = guard.Inspect(Report(leaked));
        var inWarning = guard.Inspect(Health(leaked));

        Assert.False(inZone.Accepted);
        Assert.False(inWarning.Accepted);
        Assert.DoesNotContain(leaked, inZone.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, counters.Get(PrivacyCounter.EgressRejected));
    }

    [Fact]
    public void Inspect_NonContractMessageType_IsRejected()
    {
        using var counters = new PrivacyCounters();

        var verdict = Guard(counters).Inspect(new SmuggledMessage { Payload = "harmless" });

        Assert.False(verdict.Accepted);
        Assert.Contains("not a contract message", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Append_BatchWithOneLeak_StoresOnlyTheCleanMessages()
    {
        using var kit = new FootfallTestKit(FootfallTestKit.DefaultOptions());

        var sequences = kit.Guard.Append([Report("bakery"), Health("AA:BB:CC:DD:EE:FF")]);

        Assert.True(sequences[0] > 0, "the clean report is committed");
        Assert.Equal(-1, sequences[1]);
        Assert.Equal(1, kit.Outbox.Monitor.Backlog);
        Assert.Equal(1, kit.Counters.Get(PrivacyCounter.EgressRejected));
    }

    [Fact]
    public void Append_OnlyLeaks_NothingReachesTheOutbox()
    {
        using var kit = new FootfallTestKit(FootfallTestKit.DefaultOptions());

        var sequences = kit.Guard.Append([Health("AA:BB:CC:DD:EE:FF")]);

        Assert.Equal([-1L], sequences);
        Assert.Equal(0, kit.Outbox.Monitor.Backlog);
    }

    /// <summary>An outbox that only remembers: the tests of <see cref="EgressGuard.Inspect"/> never append.</summary>
    private sealed class RecordingWriter : Edge.StoreForward.Outbox.IOutboxWriter
    {
        public List<UplinkMessage> Appended { get; } = [];

        public IReadOnlyList<long> Append(IReadOnlyList<UplinkMessage> messages, bool? clockSynchronized = null)
        {
            Appended.AddRange(messages);
            return [.. Enumerable.Range(Appended.Count - messages.Count + 1, messages.Count).Select(i => (long)i)];
        }
    }

    private sealed record SmuggledMessage : UplinkMessage
    {
        public required string Payload { get; init; }

        public override PriorityClass Priority => PriorityClass.Health;

        public override string Kind => "smuggled";
    }
}
