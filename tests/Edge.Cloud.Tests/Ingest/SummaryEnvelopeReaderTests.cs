using System.Text;
using System.Text.Json;
using Edge.Cloud.Ingest;
using Edge.Contracts;
using static Edge.Cloud.Tests.Infrastructure.Envelopes;

namespace Edge.Cloud.Tests.Ingest;

/// <summary>
/// The hand-written machine-summary reader against the serializer it stands in for: whenever it returns an envelope,
/// the serializer must read the same bytes to the same values; whenever it cannot, the caller falls back to the
/// serializer, so it may decline anything but must never read differently.
/// </summary>
public sealed class SummaryEnvelopeReaderTests
{
    private const string Sensors = """
        "sensors":[{"sensor":"temperature","unit":"degC","count":10,"mean":70.25,"min":68,"max":78,"standardDeviation":0.8},{"sensor":"vibration","count":10,"mean":2.1,"min":1.9,"max":2.4,"standardDeviation":0.1}]
        """;

    private const string Canonical = """
        {"schemaVersion":1,"gatewayId":"plant-a","sequence":42,"committedAt":"2026-11-29T08:00:00.1234567+00:00","clockSynchronized":true,"message":{"kind":"machine-summary","machineId":"press-01","windowStart":"2026-11-29T07:59:50Z","windowEnd":"2026-11-29T08:00:00Z",
        """ + Sensors + """
        ,"mergedWindows":1}}
        """;

    [Fact]
    public void TryRead_SerializedSummaryEnvelope_ReadsWhatTheSerializerReads()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(Wrap("plant-a", 7, Summary("press-01", Start, 70.5)), ContractsJsonContext.Default.UplinkEnvelope);

        var fast = Fast(json);

        Assert.NotNull(fast);
        AssertSame(Serializer(json)!, fast);
    }

    [Theory]
    [InlineData(Canonical)]
    [InlineData("""{"message":{"kind":"machine-summary","windowEnd":"2026-11-29T08:00:00Z","machineId":"m-1","windowStart":"2026-11-29T07:59:50+01:00","sensors":[]},"sequence":9,"gatewayId":"g","committedAt":"2026-11-29T08:00:00Z","schemaVersion":1}""")]
    [InlineData("""{"schemaVersion":1,"gatewayId":"g","sequence":1,"committedAt":"2026-11-29T08:00:00Z","message":{"kind":"machine-summary","machineId":"m","windowStart":"2026-11-29T08:00:00Z","windowEnd":"2026-11-29T08:00:10Z","sensors":[{"sensor":"t","unit":null,"count":1,"mean":1e3,"min":-0.5,"max":1.5E+2,"standardDeviation":0,"extra":{"a":[1,2]}}],"note":"x"}}""")]
    [InlineData("""{"schemaVersion":1,"gatewayId":"g","sequence":1,"committedAt":"2026-11-29T08:00:00Z","extra":[{"kind":1}],"message":{"kind":"machine-summary","machineId":"m\u002d1","windowStart":"2026-11-29T08:00:00Z","windowEnd":"2026-11-29T08:00:10Z","sensors":[{"sensor":"t\u00e9","count":1,"mean":1,"min":1,"max":1,"standardDeviation":0}]}}""")]
    public void TryRead_PlainSummaryInAnyPropertyOrder_ReadsWhatTheSerializerReads(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        var fast = Fast(bytes);

        Assert.NotNull(fast);
        AssertSame(Serializer(bytes)!, fast);
    }

    [Fact]
    public void TryRead_OptionalMembersAbsent_GetsTheSerializersValues()
    {
        // The serializer's init-only handling gives absent optional members default(T), not their initializers.
        var bytes = Encoding.UTF8.GetBytes("""{"schemaVersion":1,"gatewayId":"g","sequence":3,"committedAt":"2026-11-29T08:00:00Z","message":{"kind":"machine-summary","machineId":"m","windowStart":"2026-11-29T08:00:00Z","windowEnd":"2026-11-29T08:00:10Z","sensors":[]}}""");

        var fast = Fast(bytes);

        Assert.NotNull(fast);
        AssertSame(Serializer(bytes)!, fast);
    }

    [Theory]
    [InlineData("""{"schemaVersion":1,"gatewayId":"g","sequence":1,"committedAt":"2026-11-29T08:00:00Z","message":{"machineId":"m","kind":"machine-summary","windowStart":"2026-11-29T08:00:00Z","windowEnd":"2026-11-29T08:00:10Z","sensors":[]}}""")]
    [InlineData("""{"schemaVersion":1,"gatewayId":"g","sequence":1,"committedAt":"2026-11-29T08:00:00Z","message":{"kind":"machine-summary","machineId":"m","kind":"machine-summary","windowStart":"2026-11-29T08:00:00Z","windowEnd":"2026-11-29T08:00:10Z","sensors":[]}}""")]
    [InlineData("""{"schemaVersion":1,"gatewayId":"g","gatewayId":"h","sequence":1,"committedAt":"2026-11-29T08:00:00Z","message":{"kind":"machine-summary","machineId":"m","windowStart":"2026-11-29T08:00:00Z","windowEnd":"2026-11-29T08:00:10Z","sensors":[]}}""")]
    [InlineData("""{"schemaVersion":1,"gatewayId":null,"sequence":1,"committedAt":"2026-11-29T08:00:00Z","message":{"kind":"machine-summary","machineId":"m","windowStart":"2026-11-29T08:00:00Z","windowEnd":"2026-11-29T08:00:10Z","sensors":[]}}""")]
    [InlineData("""{"schemaVersion":1,"gatewayId":"g","sequence":1,"committedAt":"2026-11-29T08:00:00Z","message":{"kind":"machine-summary","machineId":"m","windowStart":"2026-11-29T08:00:00Z","windowEnd":"2026-11-29T08:00:10Z","sensors":[null]}}""")]
    [InlineData("""{"schemaVersion":1,"gatewayId":"g","sequence":1,"committedAt":"2026-11-29T08:00:00Z","message":{"kind":"machine-summary","machineId":"m","windowStart":"2026-11-29T08:00:00Z","windowEnd":"2026-11-29T08:00:10Z","sensors":null}}""")]
    [InlineData("""{"schemaVersion":1,"gatewayId":"g","sequence":1,"committedAt":"2026-11-29T08:00:00Z","message":null}""")]
    [InlineData("""{"schemaVersion":1,"gatewayId":"g","sequence":1,"committedAt":"2026-11-29T08:00:00Z","message":{"kind":"machine-summary","machineId":"m","windowStart":"2026-11-29T08:00:00Z","windowEnd":"2026-11-29T08:00:10Z","$id":"1","sensors":[]}}""")]
    [InlineData("""{"schemaVersion":1,"gatewayId":"g","sequence":1,"committedAt":"2026-11-29T08:00:00Z","message":{"kind":"machine-summary","machineId":"m","windowStart":"2026-11-29T08:00:00Z","windowEnd":"2026-11-29T08:00:10Z","sensors":[{"sensor":"t","count":1,"mean":"1","min":1,"max":1,"standardDeviation":0}]}}""")]
    [InlineData("""{"schemaVersion":1,"gatewayId":"g","sequence":1,"committedAt":"2026-11-29T08:00:00Z","message":{"kind":"machine-summary","machineId":"m","windowStart":"2026-11-29T08:00:00Z","windowEnd":"2026-11-29T08:00:10Z","sensors":[{"sensor":"t","count":1.5,"mean":1,"min":1,"max":1,"standardDeviation":0}]}}""")]
    [InlineData("""{"schemaVersion":1,"gatewayId":"g","sequence":1,"committedAt":"2026-11-29T08:00:00Z","message":{"kind":"machine-summary","machineId":"m","windowStart":"2026-11-29T08:00:00Z","windowEnd":"2026-11-29T08:00:10Z","sensors":[{"sensor":"t","mean":1,"min":1,"max":1,"standardDeviation":0}]}}""")]
    [InlineData("""{"schemaVersion":1,"gatewayId":"g","sequence":1,"committedAt":"yesterday","message":{"kind":"machine-summary","machineId":"m","windowStart":"2026-11-29T08:00:00Z","windowEnd":"2026-11-29T08:00:10Z","sensors":[]}}""")]
    [InlineData("""{"schemaVersion":1,"gatewayId":"g","sequence":1,"committedAt":"2026-11-29T08:00:00Z","message":{"kind":"gateway-health","version":"1","uptime":"00:01:00"}}""")]
    [InlineData("""{"schemaVersion":1,"gatewayId":"g","sequence":1,"committedAt":"2026-11-29T08:00:00Z","message":{"kind":"machine\u002dsummary","machineId":"m","windowStart":"2026-11-29T08:00:00Z","windowEnd":"2026-11-29T08:00:10Z","sensors":[]}}""")]
    [InlineData("""{"schemaVersion":1,"gateway\u0049d":"g","sequence":1,"committedAt":"2026-11-29T08:00:00Z","message":{"kind":"machine-summary","machineId":"m","windowStart":"2026-11-29T08:00:00Z","windowEnd":"2026-11-29T08:00:10Z","sensors":[]}}""")]
    [InlineData("""{"schemaVersion":1,"GatewayId":"g","sequence":1,"committedAt":"2026-11-29T08:00:00Z","message":{"kind":"machine-summary","machineId":"m","windowStart":"2026-11-29T08:00:00Z","windowEnd":"2026-11-29T08:00:10Z","sensors":[]}}""")]
    [InlineData("""{"schemaVersion":1,"gatewayId":"g","sequence":1,"committedAt":"2026-11-29T08:00:00Z","clockSynchronized":"true","message":{"kind":"machine-summary","machineId":"m","windowStart":"2026-11-29T08:00:00Z","windowEnd":"2026-11-29T08:00:10Z","sensors":[]}}""")]
    [InlineData("""[{"schemaVersion":1}]""")]
    [InlineData("")]
    public void TryRead_AnythingButThePlainCase_DeclinesAndLeavesItToTheSerializer(string json)
    {
        var fast = Fast(Encoding.UTF8.GetBytes(json));

        Assert.Null(fast);
    }

    [Fact]
    public void TryRead_MutatedEnvelopes_NeverReadsDifferentlyFromTheSerializer()
    {
        // Deletions, duplications and substitutions of bytes and tokens around a valid envelope: whatever the hand-written
        // reader accepts, the serializer must accept with the same values.
        var random = new Random(20261129);
        var canonical = Encoding.UTF8.GetBytes(Canonical);
        string[] fragments = ["null", "\"x\"", "1", "1.5", "-3", "true", "[]", "{}", ",\"kind\":\"machine-summary\"", ",\"unit\":null", ",\"zz\":0", "\\u0041", "\"2026-11-29T08:00:00Z\""];
        var accepted = 0;
        for (var i = 0; i < 3000; i++)
        {
            var bytes = Mutate(canonical, random, fragments);
            var fast = Fast(bytes);
            if (fast is null)
            {
                continue;
            }

            accepted++;
            var slow = Serializer(bytes);
            Assert.True(slow is not null, $"the serializer refused what the fast reader read: {Encoding.UTF8.GetString(bytes)}");
            AssertSame(slow, fast);
        }

        // Some mutations keep the envelope valid (a changed number, an added unknown member): the comparison must have run.
        Assert.True(accepted > 100, $"only {accepted} mutations were read");
    }

    private static byte[] Mutate(byte[] source, Random random, string[] fragments)
    {
        var text = Encoding.UTF8.GetString(source);
        var edits = random.Next(1, 3);
        for (var e = 0; e < edits; e++)
        {
            var at = random.Next(text.Length);
            switch (random.Next(4))
            {
                case 0:
                    text = text.Remove(at, Math.Min(random.Next(1, 4), text.Length - at));
                    break;
                case 1:
                    text = text.Insert(at, fragments[random.Next(fragments.Length)]);
                    break;
                case 2:
                    // Replace a digit with another (keeps most numbers and dates valid).
                    var digit = text.IndexOfAny("0123456789".ToCharArray(), at);
                    if (digit >= 0)
                    {
                        text = string.Concat(text.AsSpan(0, digit), ((char)('0' + random.Next(10))).ToString(), text.AsSpan(digit + 1));
                    }

                    break;
                default:
                    // Insert an unknown member after an opening brace.
                    var brace = text.IndexOf('{', at);
                    if (brace >= 0)
                    {
                        text = text.Insert(brace + 1, $"\"u{random.Next(100)}\":{fragments[random.Next(fragments.Length)]},");
                    }

                    break;
            }
        }

        return Encoding.UTF8.GetBytes(text);
    }

    private static UplinkEnvelope? Fast(byte[] bytes)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes);
            return SummaryEnvelopeReader.TryRead(ref reader);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static UplinkEnvelope? Serializer(byte[] bytes)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes);
            return JsonSerializer.Deserialize(ref reader, ContractsJsonContext.Default.UplinkEnvelope);
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }

    private static void AssertSame(UplinkEnvelope expected, UplinkEnvelope actual)
    {
        Assert.Equal(expected.SchemaVersion, actual.SchemaVersion);
        Assert.Equal(expected.GatewayId, actual.GatewayId);
        Assert.Equal(expected.Sequence, actual.Sequence);
        Assert.Equal(expected.CommittedAt, actual.CommittedAt);
        Assert.Equal(expected.CommittedAt.Offset, actual.CommittedAt.Offset);
        Assert.Equal(expected.ClockSynchronized, actual.ClockSynchronized);
        var expectedSummary = Assert.IsType<MachineSummary>(expected.Message);
        var actualSummary = Assert.IsType<MachineSummary>(actual.Message);
        Assert.Equal(expectedSummary.MachineId, actualSummary.MachineId);
        Assert.Equal(expectedSummary.WindowStart, actualSummary.WindowStart);
        Assert.Equal(expectedSummary.WindowStart.Offset, actualSummary.WindowStart.Offset);
        Assert.Equal(expectedSummary.WindowEnd, actualSummary.WindowEnd);
        Assert.Equal(expectedSummary.MergedWindows, actualSummary.MergedWindows);
        Assert.Equal(expectedSummary.Sensors, actualSummary.Sensors);
    }
}
