using Edge.Hardware.Sensors;

namespace Edge.Sensing;

/// <summary><c>GET /api/sensors</c>: configured on-board sensors, their health, sampling jitter and latest values with units.</summary>
public static class SensingApi
{
    public static WebApplication MapSensingApi(this WebApplication app)
    {
        app.MapGet("/api/sensors", (SensorRegistry registry, SensingMetrics metrics) => TypedResults.Ok(Snapshot(registry, metrics.RefusedTotal)));
        return app;
    }

    internal static SensorsResponse Snapshot(SensorRegistry registry, long refused)
    {
        var sensors = new List<SensorStatus>(registry.Sensors.Count);
        foreach (var sensor in registry.Sensors)
        {
            var supervisor = sensor.Supervisor;
            var settings = sensor.Settings;
            var measurements = supervisor.Latest
                .Select(m => new MeasurementStatus(m.Name, double.IsFinite(m.Value) ? m.Value : null, m.Unit, m.Quality.ToString()))
                .ToList();
            if (measurements.Count == 0)
            {
                measurements = [.. supervisor.Sensor.Measurements.Select(d => new MeasurementStatus(d.Name, null, d.Unit, "NotSampledYet"))];
            }

            sensors.Add(new SensorStatus(
                settings.Name,
                settings.Kind.ToString(),
                settings.MachineId,
                sensor.Bus,
                sensor.Wiring,
                supervisor.Health.ToString(),
                supervisor.SampleCount,
                supervisor.FailureCount,
                supervisor.LastError,
                settings.Interval.TotalMilliseconds,
                sensor.Jitter.Summarize(),
                measurements));
        }

        return new SensorsResponse(registry.Mode.ToString(), refused, sensors);
    }

    /// <summary>True when every sensor has been sampled healthily at least once.</summary>
    public static bool AllHealthy(SensorsResponse response) => response.Sensors.All(s => s.Health == nameof(SensorHealth.Healthy));
}
