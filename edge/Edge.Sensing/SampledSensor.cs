using Edge.Hardware.Sensors;

namespace Edge.Sensing;

/// <summary>One configured sensor as the gateway runs it: its supervisor, the bus it is on, and its sampling jitter.</summary>
internal sealed class SampledSensor(SensorSupervisor supervisor, string bus)
{
    public SensorSupervisor Supervisor { get; } = supervisor;

    public SensorSettings Settings => Supervisor.Sensor.Settings;

    public string Bus { get; } = bus;

    /// <summary>Where it is wired, for logs and listings (for example <c>i2c-1 0x76</c>).</summary>
    public string Wiring { get; } = BusSampler.Describe(supervisor.Sensor.Settings);

    public string KindName { get; } = supervisor.Sensor.Settings.Kind.ToString();

    public JitterStatistics Jitter { get; } = new();

    /// <summary>When the next sample is due on the monotonic clock (elapsed since the bus loop started).</summary>
    public TimeSpan Due { get; set; }
}
