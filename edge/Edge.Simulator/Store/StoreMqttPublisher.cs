using MQTTnet;
using MQTTnet.Protocol;

namespace Edge.Simulator.Store;

/// <summary>
/// Publishes a <see cref="StoreSimulation"/> over MQTT, one client per scanner (as real nodes would connect), each with
/// its last will (ESPresense <c>rooms/&lt;room&gt;/status</c>, OpenMQTTGateway <c>LWT</c> = "offline"). Paced by
/// <paramref name="timeProvider"/> at <c>speed</c> times real time; a speed above 1 compresses what the gateway sees.
/// </summary>
public sealed class StoreMqttPublisher(StoreSimulation simulation, string host, int port, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _timeProvider = timeProvider ?? TimeProvider.System;
    private long _published;

    public long Published => Interlocked.Read(ref _published);

    public async Task RunAsync(double speed, TimeSpan? limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(speed);
        var clients = new Dictionary<string, IMqttClient>(StringComparer.Ordinal);
        try
        {
            foreach (var scanner in simulation.Plan.Scanners)
            {
                var client = new MqttClientFactory().CreateMqttClient();
                var willTopic = scanner.Format == ScannerFormat.Espresense ? $"espresense/rooms/{scanner.Id}/status" : $"home/{scanner.Id}/LWT";
                var options = new MqttClientOptionsBuilder()
                    .WithTcpServer(host, port)
                    .WithClientId($"store-{scanner.Id}")
                    .WithWillTopic(willTopic)
                    .WithWillPayload("offline"u8.ToArray())
                    .WithWillRetain()
                    .Build();
                await client.ConnectAsync(options, cancellationToken);
                clients[scanner.Id] = client;
            }

            var started = _timeProvider.GetTimestamp();
            DateTimeOffset? first = null;
            foreach (var message in simulation.Run())
            {
                first ??= message.Timestamp;
                var due = (message.Timestamp - first.Value) / speed;
                if (limit is { } max && message.Timestamp - first.Value > max)
                {
                    break;
                }

                var wait = due - _timeProvider.GetElapsedTime(started);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _timeProvider, cancellationToken);
                }

                var client = clients[ScannerOf(message.Topic)];
                var publish = new MqttApplicationMessageBuilder()
                    .WithTopic(message.Topic)
                    .WithPayload(message.Payload)
                    .WithRetainFlag(message.Retain)
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce)
                    .Build();
                await client.PublishAsync(publish, cancellationToken);
                Interlocked.Increment(ref _published);
            }
        }
        finally
        {
            foreach (var client in clients.Values)
            {
                if (client.IsConnected)
                {
                    await client.DisconnectAsync(cancellationToken: CancellationToken.None);
                }

                client.Dispose();
            }
        }
    }

    /// <summary>Scanner id from a topic the simulation publishes.</summary>
    public static string ScannerOf(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var parts = topic.Split('/');
        return parts[0] == "home" ? parts[1] : parts[1] == "rooms" ? parts[2] : parts[3];
    }
}
