using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Edge.Maintenance.History;
using Edge.Simulator.Plant;

namespace Edge.Demo;

/// <summary>
/// Measures the gateway's alerts against what really happened to the live machines (<see cref="PlantGroundTruth"/>),
/// in plant time, with the same event-level measure as the held-out benchmark (<see cref="AlertQuality"/>); notes when
/// the trained model's first prediction shows on the gateway; prints both on the console now and then.
/// </summary>
internal sealed class DemoQualityMonitor
{
    private static readonly TimeSpan s_horizon = TimeSpan.FromHours(48);

    private readonly PlantSimulator _plant;
    private readonly DemoAlertRecorder _alerts;
    private readonly DemoEventForwarder _events;
    private readonly HttpClient _gateway;
    private readonly DemoModelInfo? _model;
    private readonly long _started;
    private double? _firstModelPrediction;

    public DemoQualityMonitor(PlantSimulator plant, DemoAlertRecorder alerts, DemoEventForwarder events, HttpClient gateway, DemoModelInfo? model, long started)
    {
        _plant = plant;
        _alerts = alerts;
        _events = events;
        _gateway = gateway;
        _model = model;
        _started = started;
    }

    public DemoQualityStatus Current(DateTimeOffset now)
    {
        var plantNow = _plant.PlantTime(now);
        var machines = _plant.Machines.Select(m => m.MachineId).ToHashSet(StringComparer.Ordinal);
        var alerts = _alerts.Alerts.Where(a => machines.Contains(a.MachineId)).ToList();
        var observed = machines.ToDictionary(m => m, _ => (_plant.Start, plantNow), StringComparer.Ordinal);
        var metrics = AlertQuality.Measure(
            [.. alerts.Select(a => (_plant.PlantTime(a.FirstSeen), a.MachineId))],
            [.. _plant.GroundTruth.Failures.Select(PlantHistoryData.ToMachineEvent)],
            observed,
            s_horizon);
        return new DemoQualityStatus
        {
            PlantHours = Math.Round((plantNow - _plant.Start).TotalHours, 1),
            HorizonHours = s_horizon.TotalHours,
            Machines = machines.Count,
            Failures = metrics.Failures,
            Caught = metrics.Caught,
            Recall = Math.Round(metrics.Recall, 3),
            Precision = Math.Round(metrics.Precision, 3),
            FalseAlerts = metrics.FalseAlerts,
            FalseAlertsPerMachineMonth = Math.Round(metrics.FalseAlertsPerMachineMonth, 2),
            MedianLeadHours = Math.Round(metrics.MedianLeadHours, 1),
            Alerts = alerts.Count,
            AnomalyAlerts = alerts.Count(a => a.Kind.Contains("anomaly", StringComparison.OrdinalIgnoreCase)),
            ModelVersion = _model?.Version,
            FirstModelPredictionSeconds = _firstModelPrediction,
            TrainingSeconds = Math.Round((_model?.GenerateSeconds ?? 0) + (_model?.TrainSeconds ?? 0), 1),
            EventsForwarded = _events.Forwarded,
            EventsRefused = _events.Refused,
        };
    }

    public async Task RunAsync(TimeSpan interval, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        var nextReport = time.GetUtcNow() + interval;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (_firstModelPrediction is null && await HasModelPredictionAsync(cancellationToken))
                {
                    _firstModelPrediction = Math.Round(Stopwatch.GetElapsedTime(_started).TotalSeconds, 1);
                    await output.WriteLineAsync($"First prediction by the trained model on the gateway {_firstModelPrediction:0.0} s after start: {_gateway.BaseAddress}api/predictions");
                }

                if (time.GetUtcNow() >= nextReport)
                {
                    nextReport += interval;
                    var status = JsonSerializer.Serialize(Current(time.GetUtcNow()), DemoJsonContext.Default.DemoQualityStatus);
                    await output.WriteLineAsync($"Demo alert quality vs simulator ground truth: {status}");
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Whether any machine on the gateway's <c>GET /api/predictions</c> is scored by something other than the anomaly fallback.</summary>
    private async Task<bool> HasModelPredictionAsync(CancellationToken cancellationToken)
    {
        try
        {
            var predictions = await _gateway.GetFromJsonAsync("/api/predictions", DemoJsonContext.Default.JsonElement, cancellationToken);
            return predictions.ValueKind == JsonValueKind.Array && predictions.EnumerateArray().Any(p =>
                p.TryGetProperty("source", out var source) && source.GetString() is { } name && name != "anomaly-fallback");
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException)
        {
            return false;
        }
    }
}
