using System.Text.Json;
using Edge.Contracts;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Edge.Cloud.Tests.Infrastructure;

/// <summary>Publishes uplink envelopes at QoS 1 the way a gateway's uplink does.</summary>
internal sealed class UplinkPublisher : IAsyncDisposable
{
    private readonly IMqttClient _client;

    private UplinkPublisher(IMqttClient client) => _client = client;

    public static async Task<UplinkPublisher> ConnectAsync(int port, string clientId = "test-publisher")
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(clientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .Build());
        return new UplinkPublisher(client);
    }

    public Task PublishAsync(UplinkEnvelope envelope) =>
        PublishRawAsync(UplinkTopics.For(envelope.GatewayId, envelope.Message.Kind), JsonSerializer.SerializeToUtf8Bytes(envelope, ContractsJsonContext.Default.UplinkEnvelope));

    /// <summary>Publishes <paramref name="envelopes"/> as one <see cref="UplinkBatch"/>, the way a batching gateway does.</summary>
    public Task PublishBatchAsync(string gatewayId, IEnumerable<UplinkEnvelope> envelopes) =>
        PublishRawAsync(UplinkTopics.BatchFor(gatewayId), BatchBytes(gatewayId, envelopes));

    public static byte[] BatchBytes(string gatewayId, IEnumerable<UplinkEnvelope> envelopes) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new UplinkBatch { SchemaVersion = ContractVersion.Current, GatewayId = gatewayId, Records = [.. envelopes] },
            ContractsJsonContext.Default.UplinkBatch);

    public async Task PublishRawAsync(string topic, byte[] payload)
    {
        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
        await _client.PublishAsync(message);
    }

    /// <summary>Publishes many at once (pipelined; each task completes at its PUBACK).</summary>
    public Task PublishManyAsync(IEnumerable<UplinkEnvelope> envelopes) => Task.WhenAll(envelopes.Select(PublishAsync));

    public async ValueTask DisposeAsync()
    {
        await _client.DisconnectAsync();
        _client.Dispose();
    }
}
