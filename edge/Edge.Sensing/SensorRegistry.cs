using Edge.Hardware.Catalog;
using Edge.Hardware.Emulation;
using Edge.Hardware.Sensors;
using Edge.Ingest.Telemetry;
using Microsoft.Extensions.Options;

namespace Edge.Sensing;

/// <summary>
/// Every configured on-board sensor with its supervisor, grouped by bus, on real or simulated buses according to
/// <c>Hardware:Mode</c>. Owns the buses and disposes them at shutdown.
/// </summary>
internal sealed class SensorRegistry : IDisposable
{
    private readonly Dictionary<string, BusSampler> _samplers = new(StringComparer.Ordinal);
    private readonly Lazy<Hardware.StackLight.StackLight?> _stackLight;

    public SensorRegistry(
        IOptions<HardwareOptions> options,
        TelemetryChannel channel,
        SensingMetrics metrics,
        TimeProvider timeProvider,
        ILogger<SensorRegistry> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var hardware = options.Value;
        Mode = hardware.Mode;
        Buses = hardware.Mode == HardwareMode.Real
            ? new RealHardwareBuses()
            : new SimulatedHardwareBuses(hardware.Sensors, hardware.Simulation, timeProvider);
        var backoff = new BackoffPolicy(hardware.RetryInitial, hardware.RetryMaximum);
        Sensors = [.. hardware.Sensors.Select(settings => new SampledSensor(
            new SensorSupervisor(SensorFactory.Create(settings, Buses, timeProvider), timeProvider, backoff),
            SensorFactory.BusOf(settings)))];
        foreach (var group in Sensors.GroupBy(s => s.Bus, StringComparer.Ordinal))
        {
            _samplers[group.Key] = new BusSampler(group.Key, [.. group], channel, metrics, timeProvider, logger, hardware.RetryMaximum);
        }

        _stackLight = new Lazy<Hardware.StackLight.StackLight?>(() =>
        {
            if (!hardware.StackLight.Enabled)
            {
                return null;
            }

            var light = new Hardware.StackLight.StackLight(Buses.Gpio, hardware.StackLight, timeProvider);
            light.Open();
            return light;
        });
        SensingLog.Starting(logger, Mode, Sensors.Count, _samplers.Count);
    }

    public HardwareMode Mode { get; }

    public IHardwareBuses Buses { get; }

    public IReadOnlyList<SampledSensor> Sensors { get; }

    public IEnumerable<string> BusNames => _samplers.Keys;

    /// <summary>The stack light when <c>Hardware:StackLight:Enabled</c>, opened on first use (for the alerting capability).</summary>
    public Hardware.StackLight.StackLight? StackLight => _stackLight.Value;

    public BusSampler Sampler(string bus) => _samplers[bus];

    public void Dispose()
    {
        if (_stackLight.IsValueCreated)
        {
            _stackLight.Value?.Dispose();
        }

        foreach (var sensor in Sensors)
        {
            sensor.Supervisor.Dispose();
        }

        Buses.Dispose();
    }
}
