using System.Buffers;
using System.Text.Json;
using MQTTnet;

namespace Edge.Demo;

/// <summary>
/// Listens to the gateway's local alert topic (<c>alerts/&lt;machine&gt;</c>, where the plant floor's panels listen) and
/// records every alert raise (state <c>open</c>) with its machine, kind and the time the gateway first saw it, so the
/// demo can score its alerts against the simulator's ground truth. Thread-safe.
/// </summary>
internal sealed class DemoAlertRecorder : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly List<DemoAlert> _alerts = [];
    private readonly Lock _gate = new();
    private readonly DateTimeOffset _since;

    public DemoAlertRecorder(DateTimeOffset since)
    {
        _since = since;
        _client.ApplicationMessageReceivedAsync += args =>
        {
            Receive(args.ApplicationMessage.Payload.ToArray());
            return Task.CompletedTask;
        };
    }

    public IReadOnlyList<DemoAlert> Alerts
    {
        get
        {
            lock (_gate)
            {
                return [.. _alerts];
            }
        }
    }

    public async Task StartAsync(string host, int port, CancellationToken cancellationToken)
    {
        await _client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(host, port).WithClientId("demo-alert-recorder").Build(), cancellationToken);
        await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("alerts/#").Build(), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None);
        }

        _client.Dispose();
    }

    /// <summary>Records one alert message (FailureAlert JSON); others and repeats of the same raise are ignored.</summary>
    internal void Receive(byte[] payload)
    {
        try
        {
            using var json = JsonDocument.Parse(payload);
            var root = json.RootElement;
            if (root.GetProperty("state").GetString() != "open")
            {
                return;
            }

            var alert = new DemoAlert(
                root.GetProperty("alertId").GetString()!,
                root.GetProperty("machineId").GetString()!,
                root.GetProperty("alertKind").GetString()!,
                root.GetProperty("firstSeen").GetDateTimeOffset());
            if (alert.FirstSeen < _since)
            {
                return; // A retained alert of an earlier run.
            }

            lock (_gate)
            {
                if (!_alerts.Exists(a => a.AlertId == alert.AlertId))
                {
                    _alerts.Add(alert);
                }
            }
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // Not an alert this demo understands; the gateway's own API still shows it.
        }
    }
}
