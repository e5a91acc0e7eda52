using System.Diagnostics.Metrics;
using Edge.Hardware.Sensors;
using Edge.Ingest.Telemetry;
using Edge.Kernel;
using Edge.Sensing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Sensing.Tests;

/// <summary>A sensor registry on simulated buses with a fake clock, as the gateway builds it.</summary>
internal sealed class SensingTestKit : IDisposable
{
    private readonly ServiceProvider _metricsProvider;

    public SensingTestKit(IEnumerable<SensorSettings> sensors, int channelCapacity = TelemetryChannel.DefaultCapacity, HardwareMode mode = HardwareMode.Simulated)
    {
        _metricsProvider = new ServiceCollection().AddMetrics().BuildServiceProvider();
        Metrics = new SensingMetrics(_metricsProvider.GetRequiredService<IMeterFactory>());
        Channel = new TelemetryChannel(channelCapacity);
        var options = new HardwareOptions { Mode = mode, Sensors = [.. sensors] };
        Registry = new SensorRegistry(Options.Create(options), Channel, Metrics, Clock, NullLogger<SensorRegistry>.Instance);
    }

    public FakeTimeProvider Clock { get; } = new();

    public TelemetryChannel Channel { get; }

    public SensingMetrics Metrics { get; }

    public SensorRegistry Registry { get; }

    public List<Reading> Drain()
    {
        var readings = new List<Reading>();
        while (Channel.Reader.TryRead(out var reading))
        {
            readings.Add(reading);
        }

        return readings;
    }

    public void Dispose()
    {
        Registry.Dispose();
        _metricsProvider.Dispose();
    }
}
