using System.Buffers;
using Edge.Ingest.Fleet;
using Edge.Ingest.Sparkplug;
using Edge.Ingest.Sparkplug.Protobuf;
using Edge.Ingest.Telemetry;
using Edge.Ingest.Tests.Fleet;
using Google.Protobuf;
using MQTTnet;
using MQTTnet.Protocol;

namespace Edge.Ingest.Tests.Sparkplug;

public sealed class SparkplugIngestTests
{
    private static readonly Dictionary<string, string?> s_settings = new()
    {
        ["Sparkplug:Machines:plant/node-1"] = "line-a",
    };

    [Fact]
    public async Task BirthDataGapDeath_FullCycle_ReadingsRebirthAndStale()
    {
        await using var gateway = await FleetTestGateway.StartAsync(s_settings);
        using var node = new MqttClientFactory().CreateMqttClient();
        var rebirth = new TaskCompletionSource<Payload>(TaskCreationOptions.RunContinuationsAsynchronously);
        node.ApplicationMessageReceivedAsync += args =>
        {
            rebirth.TrySetResult(Payload.Parser.ParseFrom(args.ApplicationMessage.Payload.ToArray()));
            return Task.CompletedTask;
        };
        await node.ConnectAsync(gateway.ClientOptions("node-1").Build());
        await node.SubscribeAsync("spBv1.0/plant/NCMD/node-1", MqttQualityOfServiceLevel.AtLeastOnce);
        var ingest = gateway.Get<SparkplugIngest>();
        var metrics = gateway.Get<TelemetryMetrics>();

        await PublishAsync(node, "spBv1.0/plant/NBIRTH/node-1", Build(0, Metric("bdSeq", 3, DataType.Int64), Metric("Supply/Voltage", 230.0, DataType.Double, alias: 1)));
        await PublishAsync(node, "spBv1.0/plant/DBIRTH/node-1/press-01", Build(1, Metric("Temperature", 21.0, DataType.Double, alias: 10), Metric("Count", 7, DataType.Int32, alias: 11)));
        var data = Build(2, Metric(null, 22.5, DataType.Double, alias: 10));
        data.Metrics.Add(Metric(null, 5.0, DataType.Double, alias: 10, historical: true));
        await PublishAsync(node, "spBv1.0/plant/DDATA/node-1/press-01", data);

        Assert.Equal(4, metrics.Readings);
        var device = ingest.Snapshot().Single(snapshot => snapshot.Device == "press-01");
        var temperature = device.Metrics.Single(metric => metric.Name == "Temperature");
        Assert.Equal(22.5, temperature.Value);
        Assert.Equal(1, temperature.HistoricalValues);

        await PublishAsync(node, "spBv1.0/plant/DDATA/node-1/press-01", Build(5, Metric(null, 23.0, DataType.Double, alias: 10)));

        var request = await rebirth.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("Node Control/Rebirth", request.Metrics[0].Name);
        Assert.True(request.Metrics[0].BooleanValue);
        Assert.Equal(1, ingest.Snapshot().Single(snapshot => snapshot.Device is null).SequenceGaps);

        await PublishAsync(node, "spBv1.0/plant/NDEATH/node-1", Build(null, Metric("bdSeq", 2, DataType.Int64)));
        Assert.True(ingest.Snapshot().Single(snapshot => snapshot.Device is null).Online);

        await PublishAsync(node, "spBv1.0/plant/NDEATH/node-1", Build(null, Metric("bdSeq", 3, DataType.Int64)));

        var after = ingest.Snapshot();
        Assert.False(after.Single(snapshot => snapshot.Device is null).Online);
        Assert.All(after.Single(snapshot => snapshot.Device == "press-01").Metrics, metric => Assert.True(metric.Stale));
    }

    [Fact]
    public async Task Rebirth_AfterGap_AliasesAndSequenceReset()
    {
        await using var gateway = await FleetTestGateway.StartAsync(s_settings);
        using var node = new MqttClientFactory().CreateMqttClient();
        await node.ConnectAsync(gateway.ClientOptions("node-1").Build());
        var ingest = gateway.Get<SparkplugIngest>();

        await PublishAsync(node, "spBv1.0/plant/NBIRTH/node-1", Build(0, Metric("bdSeq", 0, DataType.Int64), Metric("Speed", 10.0, DataType.Float, alias: 1)));
        await PublishAsync(node, "spBv1.0/plant/NDATA/node-1", Build(7, Metric(null, 11.0, DataType.Float, alias: 1)));
        await PublishAsync(node, "spBv1.0/plant/NBIRTH/node-1", Build(0, Metric("bdSeq", 1, DataType.Int64), Metric("Pressure", 3.0, DataType.Float, alias: 1)));
        await PublishAsync(node, "spBv1.0/plant/NDATA/node-1", Build(1, Metric(null, 4.0, DataType.Float, alias: 1)));

        var snapshot = ingest.Snapshot().Single();
        Assert.Equal(1UL, snapshot.BirthDeathSequence);
        Assert.Equal(1, snapshot.LastSequence);
        Assert.Equal(1, snapshot.SequenceGaps);
        Assert.Equal(4.0, snapshot.Metrics.Single(metric => metric.Name == "Pressure").Value);
        Assert.DoesNotContain(snapshot.Metrics, metric => metric.Name == "Speed");
    }

    [Fact]
    public async Task Data_BeforeBirthOrGarbage_RefusedAndCounted()
    {
        await using var gateway = await FleetTestGateway.StartAsync(s_settings);
        using var node = new MqttClientFactory().CreateMqttClient();
        await node.ConnectAsync(gateway.ClientOptions("node-1").Build());

        await PublishAsync(node, "spBv1.0/plant/NDATA/node-1", Build(1, Metric("Speed", 1.0, DataType.Double)));
        await node.PublishBinaryAsync("spBv1.0/plant/NDATA/node-1", [0xFF, 0xFF, 0xFF, 0x0F, 0x08], MqttQualityOfServiceLevel.AtLeastOnce);

        var rejections = gateway.Get<DeviceActivity>().Find("node-1")!.Rejections;
        Assert.Equal(1, rejections["Schema"]);
        Assert.Equal(1, rejections["Malformed"]);
        Assert.Equal(0, gateway.Get<TelemetryMetrics>().Readings);
    }

    [Theory]
    [InlineData(1, 0xFFu, -1.0)]
    [InlineData(2, 0xFFFEu, -2.0)]
    [InlineData(3, 0xFFFFFFFDu, -3.0)]
    [InlineData(7, 0xFFFFFFFDu, 4294967293.0)]
    public void TryGetNumber_SignedTypesInUnsignedField_TwosComplement(int dataType, uint raw, double expected)
    {
        // Data type codes from spec 3.0, 6.4.16: Int8 = 1, Int16 = 2, Int32 = 3, UInt32 = 7.
        var metric = new Payload.Types.Metric { Datatype = (uint)dataType, IntValue = raw };

        Assert.True(SparkplugDecoder.TryGetNumber(metric, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("spBv1.0/g/NBIRTH/n", true)]
    [InlineData("spBv1.0/g/DDATA/n/d", true)]
    [InlineData("spBv1.0/g/DDATA/n", false)]
    [InlineData("spBv1.0/g/NDATA/n/d", false)]
    [InlineData("spBv1.0/g/XDATA/n", false)]
    [InlineData("spBv1.0//NDATA/n", false)]
    public void TryParse_Topics_MatchSpecShape(string topic, bool valid)
    {
        Assert.Equal(valid, SparkplugTopic.TryParse(topic, out _));
    }

    internal static Payload Build(ulong? seq, params Payload.Types.Metric[] metrics)
    {
        var payload = new Payload { Timestamp = 1_796_000_000_000 };
        if (seq is { } value)
        {
            payload.Seq = value;
        }

        payload.Metrics.Add(metrics);
        return payload;
    }

    internal static Payload.Types.Metric Metric(string? name, double value, DataType type, ulong? alias = null, bool historical = false)
    {
        var metric = new Payload.Types.Metric { Datatype = (uint)type };
        if (name is not null)
        {
            metric.Name = name;
        }

        if (alias is { } number)
        {
            metric.Alias = number;
        }

        if (historical)
        {
            metric.IsHistorical = true;
        }

        switch (type)
        {
            case DataType.Int64:
                metric.LongValue = (ulong)(long)value;
                break;
            case DataType.Int32:
                metric.IntValue = unchecked((uint)(int)value);
                break;
            case DataType.Float:
                metric.FloatValue = (float)value;
                break;
            default:
                metric.DoubleValue = value;
                break;
        }

        return metric;
    }

    private static async Task PublishAsync(IMqttClient client, string topic, Payload payload)
    {
        var ack = await client.PublishBinaryAsync(topic, payload.ToByteArray(), MqttQualityOfServiceLevel.AtLeastOnce);
        Assert.True(ack.IsSuccess, ack.ReasonString);
    }
}
