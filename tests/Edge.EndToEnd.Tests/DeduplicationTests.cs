using System.Net.Http.Json;
using System.Text.Json;
using Edge.Contracts;
using Edge.TestKit;

namespace Edge.EndToEnd.Tests;

public sealed class DeduplicationTests
{
    [Fact]
    public async Task ResentOutboxEntry_IsStoredOnce()
    {
        await using var stack = new EdgeStack();
        await stack.StartCloudAsync();
        var envelope = new UplinkEnvelope
        {
            SchemaVersion = ContractVersion.Current,
            GatewayId = "plant-dup",
            Sequence = 41,
            CommittedAt = DateTimeOffset.UtcNow,
            Message = new MachineSummary
            {
                MachineId = "press-09",
                WindowStart = DateTimeOffset.UtcNow.AddMinutes(-1),
                WindowEnd = DateTimeOffset.UtcNow,
                Sensors = [new SensorSummary { Sensor = "temperature", Count = 3, Mean = 60, Min = 59, Max = 61, StandardDeviation = 0.8 }],
            },
        };
        var payload = JsonSerializer.Serialize(envelope, ContractsJsonContext.Default.UplinkEnvelope);
        using var gateway = await TelemetryToCloudTests.ConnectAsync(stack.CloudBrokerPort);
        var topic = UplinkTopics.For("plant-dup", MessageKinds.MachineSummary);

        // The PUBACK is held until the store commits, so after each publish returns the record is stored.
        await TelemetryToCloudTests.PublishAsync(gateway, topic, payload);
        await TelemetryToCloudTests.PublishAsync(gateway, topic, payload);
        using var reconnected = await TelemetryToCloudTests.ConnectAsync(stack.CloudBrokerPort);
        await TelemetryToCloudTests.PublishAsync(reconnected, topic, payload);

        using var http = stack.CloudHttp;
        var gateways = await http.GetFromJsonAsync<JsonElement>("/api/gateways");
        Assert.Equal(1, gateways[0].GetProperty("records").GetInt64());
        var summaries = await http.GetFromJsonAsync<JsonElement>("/api/machines/press-09/summaries?from=2000-01-01T00:00:00Z");
        Assert.Equal(1, summaries.GetArrayLength());
        var ingest = await http.GetFromJsonAsync<JsonElement>("/api/ingest");
        Assert.Equal(2, ingest.GetProperty("duplicates").GetInt64());
    }

    [Fact]
    public async Task MalformedEnvelope_IsRejectedAndCounted()
    {
        await using var stack = new EdgeStack();
        await stack.StartCloudAsync();
        using var gateway = await TelemetryToCloudTests.ConnectAsync(stack.CloudBrokerPort);

        await TelemetryToCloudTests.PublishAsync(gateway, "edge/v1/plant-x/machine-summary", """{"schemaVersion":1,"gatewayId":"plant-x"}""");
        await TelemetryToCloudTests.PublishAsync(gateway, "edge/v1/plant-x/machine-summary", "garbage");

        using var http = stack.CloudHttp;
        var ingest = await Eventually.WaitAsync(
            () => http.GetFromJsonAsync<JsonElement>("/api/ingest"),
            json => json.GetProperty("rejected").GetInt64() == 2,
            TimeSpan.FromSeconds(10),
            "both bad envelopes are counted");
        Assert.Equal(0, ingest.GetProperty("stored").GetInt64());
    }
}
