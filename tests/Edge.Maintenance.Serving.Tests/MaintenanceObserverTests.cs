using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Edge.Contracts;
using Edge.Ingest.Broker;
using Edge.Maintenance.Serving;
using Edge.StoreForward.Outbox;
using Edge.TestKit;
using MQTTnet;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Maintenance.Serving.Tests;

[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xUnit disposes through IAsyncLifetime.DisposeAsync.")]
public sealed class MaintenanceObserverTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edge-observer-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
    private readonly ConcurrentQueue<(string Topic, FailureAlert Alert)> _received = new();
    private readonly ModelRegistry _registry = new(NullLogger<ModelRegistry>.Instance);
    private SqliteOutbox _outbox = null!;
    private EmbeddedBroker _broker = null!;
    private IMqttClient _client = null!;
    private MaintenanceObserver _observer = null!;

    public async Task InitializeAsync()
    {
        var port = FreePort();
        _outbox = new SqliteOutbox(Path.Combine(_folder, "outbox.db"), _time);
        _broker = new EmbeddedBroker(Options.Create(new BrokerOptions { Port = port }), [], NullLogger<EmbeddedBroker>.Instance);
        await _broker.StartAsync(CancellationToken.None);
        var options = Options.Create(new MaintenanceOptions { RaiseAfterWindows = 3, ClearAfterWindows = 3, RemainingLifeThreshold = 30, DriftWindows = 10 });
        _observer = new MaintenanceObserver(
            _registry,
            new AlertPolicy(options, _time),
            new AlertPublisher(_outbox.Store, _broker, NullLogger<AlertPublisher>.Instance),
            options,
            NullLogger<MaintenanceObserver>.Instance);

        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += args =>
        {
            var alert = JsonSerializer.Deserialize(args.ApplicationMessage.Payload.ToArray(), ContractsJsonContext.Default.FailureAlert)!;
            _received.Enqueue((args.ApplicationMessage.Topic, alert));
            return Task.CompletedTask;
        };
        await _client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).Build());
        await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("alerts/#").Build());
    }

    [Fact]
    public async Task OnWindowClosed_EngineRunsToFailure_RaisesRemainingLifeAlertBeforeFailure()
    {
        var model = SyntheticModels.Train(Path.Combine(_folder, "engines.zip"), _time.GetUtcNow());
        Assert.True(_registry.TryLoad("engines.zip", model));
        const int unit = 7;
        var life = SyntheticModels.Life(unit);
        int? firstAlertCycle = null;

        for (var cycle = 1; cycle <= life; cycle++)
        {
            var row = SyntheticModels.Cycle(unit, cycle, life);
            await CloseWindowAsync("engine-7", ("s2", row[4]), ("s3", row[5]));
            if (firstAlertCycle is null && OutboxAlerts().Any(a => a.AlertKind == AlertKinds.RemainingLifeLow))
            {
                firstAlertCycle = cycle;
            }
        }

        Assert.NotNull(firstAlertCycle);
        var leadTime = life - firstAlertCycle.Value;
        Assert.InRange(leadTime, 0, 45);
        var alert = OutboxAlerts().First(a => a.AlertKind == AlertKinds.RemainingLifeLow);
        Assert.Equal(AlertKinds.RemainingLifeLow, alert.AlertKind);
        Assert.Equal("engine-7", alert.MachineId);
        Assert.StartsWith("cmapss-rul-", alert.ModelVersion, StringComparison.Ordinal);
        Assert.NotEmpty(alert.TopFeatures);
        Assert.All(alert.TopFeatures, feature => Assert.NotNull(feature.TrainingMax));
        var prediction = Assert.Single(_observer.Predictions, p => p.MachineId == "engine-7");
        Assert.True(prediction.PredictedRemainingLife < 30, $"final prediction {prediction.PredictedRemainingLife}");
        await Eventually.WaitAsync(() => _received.Any(r => r.Topic == "alerts/engine-7" && r.Alert.AlertId == alert.AlertId), TimeSpan.FromSeconds(10), "the alert is published on alerts/engine-7");
    }

    [Fact]
    public async Task OnWindowClosed_MachineWithoutModel_AnomalyFallbackRaisesOnJump()
    {
        for (var i = 0; i < 30; i++)
        {
            await CloseWindowAsync("press-9", ("temperature", 70 + (i % 2 == 0 ? 0.1 : -0.1)));
        }

        Assert.Equal(0, _outbox.Monitor.Backlog);
        for (var i = 0; i < 3; i++)
        {
            await CloseWindowAsync("press-9", ("temperature", 80));
        }

        var alert = Assert.Single(OutboxAlerts());
        Assert.Equal(AlertKinds.Anomaly, alert.AlertKind);
        Assert.Equal("temperature", alert.TopFeatures[0].Feature);
        Assert.Equal(80, alert.TopFeatures[0].Value);
        Assert.Equal(MaintenanceObserver.FallbackSource, Assert.Single(_observer.Predictions).Source);
        await Eventually.WaitAsync(() => _received.Any(r => r.Topic == "alerts/press-9"), TimeSpan.FromSeconds(10), "an alert is published on alerts/press-9");
    }

    [Fact]
    public async Task OnWindowClosed_UnacknowledgedAlertPastEscalateAfter_EscalatesOnceAtTheNextWindow()
    {
        for (var i = 0; i < 30; i++)
        {
            await CloseWindowAsync("press-9", ("temperature", 70 + (i % 2 == 0 ? 0.1 : -0.1)));
        }

        for (var i = 0; i < 3; i++)
        {
            await CloseWindowAsync("press-9", ("temperature", 80));
        }

        Assert.Single(OutboxAlerts());
        _time.Advance(TimeSpan.FromMinutes(31));
        var end = _time.GetUtcNow();
        foreach (var machine in new[] { "press-1", "press-2" })
        {
            await _observer.OnWindowClosedAsync(new MachineSummary
            {
                MachineId = machine,
                WindowStart = end.AddMinutes(-1),
                WindowEnd = end,
                Sensors = [new SensorSummary { Sensor = "temperature", Count = 1, Mean = 70, Min = 70, Max = 70, StandardDeviation = 0 }],
            }, CancellationToken.None);
        }

        var escalated = Assert.Single(OutboxAlerts(), a => a.State == AlertSeverities.Escalated);
        Assert.Equal("press-9", escalated.MachineId);
        Assert.Equal(AlertSeverities.Critical, escalated.Severity);
    }

    [Fact]
    public async Task OnWindowClosed_InputsOutsideTrainingData_RaisesOneDriftAlertForTheModel()
    {
        var model = SyntheticModels.Train(Path.Combine(_folder, "engines.zip"), _time.GetUtcNow());
        Assert.True(_registry.TryLoad("engines.zip", model));

        for (var window = 0; window < 12; window++)
        {
            var start = _time.GetUtcNow();
            _time.Advance(TimeSpan.FromMinutes(1));
            foreach (var machine in new[] { "engine-a", "engine-b" })
            {
                await _observer.OnWindowClosedAsync(new MachineSummary
                {
                    MachineId = machine,
                    WindowStart = start,
                    WindowEnd = _time.GetUtcNow(),
                    Sensors =
                    [
                        new SensorSummary { Sensor = "s2", Count = 1, Mean = 700 + window, Min = 700, Max = 700, StandardDeviation = 0 },
                        new SensorSummary { Sensor = "s3", Count = 1, Mean = 1700 + window, Min = 1700, Max = 1700, StandardDeviation = 0 },
                    ],
                }, CancellationToken.None);
            }
        }

        var driftAlerts = OutboxAlerts().Where(a => a.AlertKind == AlertKinds.Drift).ToList();
        var drift = Assert.Single(driftAlerts, a => a.State == AlertSeverities.Open);
        Assert.All(driftAlerts, a => Assert.Equal(MaintenanceObserver.DriftSubject("engines.zip"), a.MachineId));
        Assert.All(driftAlerts, a => Assert.Equal(drift.AlertId, a.AlertId));
        Assert.Equal("info", drift.Severity);
        Assert.Contains("PSI", drift.Reason, StringComparison.Ordinal);
        Assert.All(_observer.Predictions, p => Assert.True(p.MaxPopulationStability > 0.25));
    }

    private List<FailureAlert> OutboxAlerts() =>
    [
        .. _outbox.Leases.Peek(1000)
            .Where(record => record.Kind == MessageKinds.FailureAlert)
            .Select(record => (FailureAlert)JsonSerializer.Deserialize(record.Payload.Span, ContractsJsonContext.Default.UplinkMessage)!),
    ];

    private async Task CloseWindowAsync(string machine, params (string Sensor, double Mean)[] sensors)
    {
        var start = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromMinutes(1));
        await _observer.OnWindowClosedAsync(new MachineSummary
        {
            MachineId = machine,
            WindowStart = start,
            WindowEnd = _time.GetUtcNow(),
            Sensors = [.. sensors.Select(s => new SensorSummary { Sensor = s.Sensor, Count = 1, Mean = s.Mean, Min = s.Mean, Max = s.Mean, StandardDeviation = 0 })],
        }, CancellationToken.None);
    }

    private static int FreePort() => Edge.TestKit.FreePort.Next();

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _broker.StopAsync(CancellationToken.None);
        await _broker.DisposeAsync();
        _outbox.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
