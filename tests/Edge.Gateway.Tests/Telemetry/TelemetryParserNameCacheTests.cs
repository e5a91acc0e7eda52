using System.Buffers;
using System.Text;
using Edge.Gateway.Telemetry;

namespace Edge.Gateway.Tests.Telemetry;

/// <summary>The parser reuses machine and sensor names it has seen; these check the names it returns stay right.</summary>
public sealed class TelemetryParserNameCacheTests
{
    private static readonly DateTimeOffset s_received = new(2026, 11, 29, 14, 0, 0, TimeSpan.Zero);
    private readonly TelemetryParser _parser = new(machine => machine is "press-01", maxAbsoluteValue: 1e6);

    private TelemetryParseResult Parse(string json, List<Reading> output) =>
        _parser.Parse("press-01", new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)), s_received, output);

    [Fact]
    public void Parse_EscapedNames_YieldsUnescapedNames()
    {
        var output = new List<Reading>();

        var result = Parse("""{"machineId":"press\u002d01","readings":{"temp\u0065rature":1}}""", output);

        Assert.True(result.IsAccepted);
        Assert.Equal("press-01", output[0].MachineId);
        Assert.Equal("temperature", output[0].Sensor);
    }

    [Fact]
    public void Parse_SameNameTwice_ReturnsTheSameInstance()
    {
        var first = new List<Reading>();
        var second = new List<Reading>();

        Parse("""{"readings":{"vibration":1}}""", first);
        Parse("""{"readings":{"vibration":2}}""", second);

        Assert.Same(first[0].Sensor, second[0].Sensor);
    }

    [Fact]
    public void Parse_MoreDistinctNamesThanTheCacheHolds_KeepsEveryNameRight()
    {
        for (var i = 0; i < 6000; i++)
        {
            var output = new List<Reading>();
            var sensor = $"sensor-{i}";

            var result = Parse($$$"""{"readings":{"{{{sensor}}}":{{{i}}}}}""", output);

            Assert.True(result.IsAccepted);
            Assert.Equal(sensor, output[0].Sensor);
            Assert.Equal(i, output[0].Value);
        }
    }

    [Fact]
    public void Parse_NameLongerThanALabel_IsRejectedNotTruncated()
    {
        var output = new List<Reading>();
        var longName = new string('s', 100);

        var result = Parse($$$"""{"readings":{"{{{longName}}}":1}}""", output);

        Assert.False(result.IsAccepted);
        Assert.Equal(RejectionReason.Schema, result.Rejection);
    }
}
