using System.Buffers;
using System.Text;
using System.Text.Json;
using Edge.Cloud.Ingest;
using Edge.Contracts;
using static Edge.Cloud.Tests.Infrastructure.Envelopes;

namespace Edge.Cloud.Tests.Ingest;

public sealed class EnvelopeReaderTests
{
    [Fact]
    public void TryRead_ValidSummary_ReturnsEnvelope()
    {
        var envelope = EnvelopeReader.TryRead(Bytes(Wrap("plant-a", 3, Summary("press-01", Start, 70))), out var error);

        Assert.Null(error);
        Assert.Equal(3, envelope!.Sequence);
        Assert.Equal("press-01", Assert.IsType<MachineSummary>(envelope.Message).MachineId);
    }

    [Theory]
    [InlineData("{not json", "malformed")]
    [InlineData("""{"schemaVersion":99,"gatewayId":"g","sequence":1,"committedAt":"2026-11-29T08:00:00Z","message":{"kind":"gateway-health","version":"1","uptime":"00:01:00"}}""", "schema version 99")]
    [InlineData("""{"schemaVersion":1,"gatewayId":"g","sequence":0,"committedAt":"2026-11-29T08:00:00Z","message":{"kind":"gateway-health","version":"1","uptime":"00:01:00"}}""", "sequence")]
    [InlineData("""{"schemaVersion":1,"gatewayId":"g","sequence":1,"committedAt":"2026-11-29T08:00:00Z","message":{"kind":"beacon-sighting","mac":"aa:bb:cc:dd:ee:ff"}}""", "")]
    public void TryRead_BadPayload_ReturnsNullWithReason(string json, string reason)
    {
        var envelope = EnvelopeReader.TryRead(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)), out var error);

        Assert.Null(envelope);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_ZoneShapedLikeMacAddress_IsRejected()
    {
        var report = Footfall("store-12", new DateOnly(2026, 11, 29), ("a4:c1:38:0f:22:9b", 9, 10));

        var envelope = EnvelopeReader.TryRead(Bytes(Wrap("store-gw", 1, report)), out var error);

        Assert.Null(envelope);
        Assert.Contains("zone id", error, StringComparison.Ordinal);
    }

    private static ReadOnlySequence<byte> Bytes(UplinkEnvelope envelope) =>
        new(JsonSerializer.SerializeToUtf8Bytes(envelope, ContractsJsonContext.Default.UplinkEnvelope));
}
