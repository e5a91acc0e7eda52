using System.Net.Http.Json;
using System.Text.Json;
using Edge.TestKit;
using MQTTnet;
using MQTTnet.Protocol;

namespace Edge.EndToEnd.Tests;

public sealed class TelemetryToCloudTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task PublishedReading_ReachesCloudApiAsSummary()
    {
        await using var stack = new EdgeStack();
        await stack.StartCloudAsync();
        await stack.StartGatewayAsync(TimeSpan.FromSeconds(1), "press-01");
        using var device = await ConnectAsync(stack.GatewayBrokerPort);

        await PublishAsync(device, "devices/press-01/telemetry", """{"readings":{"temperature":71.5,"vibration":2.25}}""");
        await PublishAsync(device, "devices/press-01/telemetry", """{"readings":{"temperature":72.5,"vibration":2.75}}""");

        using var http = stack.CloudHttp;
        var machines = await Eventually.WaitAsync(
            () => http.GetFromJsonAsync<JsonElement>("/api/machines"),
            json => json.GetArrayLength() == 1,
            s_timeout,
            "the cloud lists the machine");
        var machine = machines[0];
        Assert.Equal("press-01", machine.GetProperty("machineId").GetString());
        Assert.Equal("plant-test", machine.GetProperty("gatewayId").GetString());
        Assert.Equal(72.0, machine.GetProperty("latestMeans").GetProperty("temperature").GetDouble(), 9);
        Assert.Equal(2.5, machine.GetProperty("latestMeans").GetProperty("vibration").GetDouble(), 9);

        var summaries = await http.GetFromJsonAsync<JsonElement>("/api/machines/press-01/summaries");
        var temperature = summaries[0].GetProperty("sensors").EnumerateArray().Single(s => s.GetProperty("sensor").GetString() == "temperature");
        Assert.Equal(2, temperature.GetProperty("count").GetInt64());
        Assert.Equal(0.5, temperature.GetProperty("standardDeviation").GetDouble(), 9);

        var gateways = await http.GetFromJsonAsync<JsonElement>("/api/gateways");
        Assert.Equal("plant-test", gateways[0].GetProperty("gatewayId").GetString());
        Assert.True(gateways[0].GetProperty("lastSequence").GetInt64() >= 1);
    }

    [Fact]
    public async Task BadMessages_AreCountedAndDoNotStopGoodOnes()
    {
        await using var stack = new EdgeStack();
        await stack.StartCloudAsync();
        await stack.StartGatewayAsync(TimeSpan.FromSeconds(1), "press-01");
        using var device = await ConnectAsync(stack.GatewayBrokerPort);

        await PublishAsync(device, "devices/press-01/telemetry", "{ this is not json");
        await PublishAsync(device, "devices/lathe-77/telemetry", """{"readings":{"a":1}}""");
        await PublishAsync(device, "devices/press-01/telemetry", """{"readings":{"a":"warm"}}""");
        await PublishAsync(device, "devices/press-01/telemetry", """{"readings":{"temperature":70}}""");

        using var gatewayHttp = stack.GatewayHttp;
        var status = await Eventually.WaitAsync(
            () => gatewayHttp.GetFromJsonAsync<JsonElement>("/api/status"),
            json => json.GetProperty("messagesAccepted").GetInt64() == 1,
            s_timeout,
            "the good message is accepted");
        var rejections = status.GetProperty("rejections");
        Assert.Equal(1, rejections.GetProperty("Malformed").GetInt64());
        Assert.Equal(1, rejections.GetProperty("UnknownMachine").GetInt64());
        Assert.Equal(1, rejections.GetProperty("Schema").GetInt64());

        using var cloudHttp = stack.CloudHttp;
        await Eventually.WaitAsync(
            () => cloudHttp.GetFromJsonAsync<JsonElement>("/api/machines"),
            json => json.GetArrayLength() == 1,
            s_timeout,
            "the good reading reaches the cloud");
    }

    internal static async Task<IMqttClient> ConnectAsync(int port)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId($"test-{Guid.NewGuid():N}").Build());
        return client;
    }

    internal static async Task PublishAsync(IMqttClient client, string topic, string payload)
    {
        var result = await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        Assert.True(result.IsSuccess, $"PUBACK reason {result.ReasonCode}");
    }
}
