using System.Buffers;
using System.Text;
using Edge.Ingest.Json;
using Edge.Ingest.Telemetry;
using Edge.Kernel;

namespace Edge.Ingest.Tests.Telemetry;

public sealed class TelemetryParserTests
{
    private static readonly DateTimeOffset s_received = new(2026, 11, 29, 14, 0, 0, TimeSpan.Zero);
    private readonly TelemetryParser _parser = new(machine => machine is "press-01" or "pump-02", maxAbsoluteValue: 1e6);

    private TelemetryParseResult Parse(string json, List<Reading> output, string deviceId = "press-01") =>
        _parser.Parse(deviceId, new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)), s_received, output);

    [Fact]
    public void Parse_SingleSample_YieldsOneReadingPerSensorWithDeviceTimestamp()
    {
        var output = new List<Reading>();

        var result = Parse("""{"machineId":"press-01","timestamp":"2026-11-29T13:59:30Z","sequence":17,"readings":{"temperature":71.5,"vibration":2}}""", output);

        Assert.True(result.IsAccepted);
        Assert.Equal(2, result.Readings);
        Assert.Equal(new Reading("press-01", "temperature", 71.5, new DateTimeOffset(2026, 11, 29, 13, 59, 30, TimeSpan.Zero)), output[0]);
        Assert.Equal("vibration", output[1].Sensor);
        Assert.Equal(2.0, output[1].Value);
    }

    [Fact]
    public void Parse_Batch_StampsEachSampleWithItsOwnTimestamp()
    {
        var output = new List<Reading>();

        var result = Parse("""
            {"samples":[
              {"timestamp":"2026-11-29T13:00:00Z","sequence":1,"readings":{"a":1,"b":2}},
              {"timestamp":"2026-11-29T13:00:01Z","sequence":2,"readings":{"a":3}}]}
            """, output, deviceId: "pump-02");

        Assert.True(result.IsAccepted);
        Assert.Equal(3, output.Count);
        Assert.All(output, reading => Assert.Equal("pump-02", reading.MachineId));
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 13, 0, 1, TimeSpan.Zero), output[2].Timestamp);
    }

    [Fact]
    public void Parse_NoTimestamp_UsesReceiveTime()
    {
        var output = new List<Reading>();

        Parse("""{"readings":{"a":1}}""", output);

        Assert.Equal(s_received, Assert.Single(output).Timestamp);
    }

    [Theory]
    [InlineData("""{"readings":{"a":1""", RejectionReason.Malformed)]
    [InlineData("""not json at all""", RejectionReason.Malformed)]
    [InlineData("""[1,2,3]""", RejectionReason.Malformed)]
    [InlineData("""{"readings":{"a":"hot"}}""", RejectionReason.Schema)]
    [InlineData("""{"readings":[1,2]}""", RejectionReason.Schema)]
    [InlineData("""{"machineId":42,"readings":{"a":1}}""", RejectionReason.Schema)]
    [InlineData("""{"timestamp":"yesterday","readings":{"a":1}}""", RejectionReason.Schema)]
    [InlineData("""{"sequence":"x","readings":{"a":1}}""", RejectionReason.Schema)]
    [InlineData("""{"machineId":"press-01"}""", RejectionReason.Schema)]
    [InlineData("""{"readings":{}}""", RejectionReason.Schema)]
    [InlineData("""{"readings":{"a b":1}}""", RejectionReason.Schema)]
    [InlineData("""{"readings":{"a":1},"samples":[]}""", RejectionReason.Schema)]
    [InlineData("""{"machineId":"lathe-99","readings":{"a":1}}""", RejectionReason.UnknownMachine)]
    [InlineData("""{"machineId":"AA:BB:CC:DD:EE:FF","readings":{"a":1}}""", RejectionReason.Schema)]
    [InlineData("""{"readings":{"a":1e300}}""", RejectionReason.OutOfRange)]
    public void Parse_BadMessage_IsRejectedWithReasonAndYieldsNothing(string json, RejectionReason expected)
    {
        var output = new List<Reading> { new("earlier", "x", 1, s_received) };

        var result = Parse(json, output);

        Assert.False(result.IsAccepted);
        Assert.Equal(expected, result.Rejection);
        Assert.False(string.IsNullOrEmpty(result.Detail));
        Assert.Single(output); // What was there before is untouched; nothing of the bad message is kept.
    }

    [Fact]
    public void Parse_BatchWithOneBadSample_RejectsWholeMessage()
    {
        var output = new List<Reading>();

        var result = Parse("""{"samples":[{"readings":{"a":1}},{"readings":{"a":null}}]}""", output);

        Assert.Equal(RejectionReason.Schema, result.Rejection);
        Assert.Empty(output);
    }

    [Fact]
    public void Parse_TooManySamples_IsRejectedAsTooLarge()
    {
        var samples = string.Join(',', Enumerable.Repeat("""{"readings":{"a":1}}""", TelemetryParser.MaxSamplesPerMessage + 1));
        var output = new List<Reading>();

        var result = Parse($$"""{"samples":[{{samples}}]}""", output);

        Assert.Equal(RejectionReason.TooLarge, result.Rejection);
        Assert.Empty(output);
    }
}
