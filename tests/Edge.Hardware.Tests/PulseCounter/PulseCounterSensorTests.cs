using Edge.Hardware.Emulation;
using Edge.Hardware.PulseCounter;
using Edge.Hardware.Sensors;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Hardware.Tests.PulseCounter;

public sealed class PulseCounterSensorTests
{
    private const int Pin = 17;

    [Theory]
    [InlineData(3.0, 1.0, 180.0)] // 180 rpm, one magnet: a third of a second between edges
    [InlineData(0.7, 1.0, 42.0)] // slower than one edge per one-second sample
    [InlineData(24.5, 1.0, 1470.0)] // a 4-pole pump motor at full load, one magnet
    [InlineData(5000.0, 60.0, 5000.0)] // a 60-line encoder at 5000 rpm
    public void Sample_SquareWaveOfKnownFrequency_RpmWithinHalfPercent(double hertz, double pulsesPerRevolution, double expectedRpm)
    {
        var clock = new FakeTimeProvider();
        using var driver = new EmulatedGpioDriver(clock);
        using var buses = new TestBuses(gpio: driver);
        var settings = new SensorSettings
        {
            Name = "pump_speed", MachineId = "pump-01", Kind = SensorKind.PulseCounter, Pin = Pin,
            PulsesPerRevolution = pulsesPerRevolution, StoppedAfter = TimeSpan.FromSeconds(10),
        };
        using var sensor = new PulseCounterSensor(settings, buses, clock);
        sensor.Open();
        driver.StartSquareWave(Pin, hertz);
        var step = TimeSpan.FromSeconds(0.5 / hertz);
        var output = new List<Measurement>();

        for (var second = 0; second < 4; second++)
        {
            clock.AdvanceInSteps(TimeSpan.FromSeconds(1), step);
            output.Clear();
            sensor.Sample(output);
        }

        var speed = Assert.Single(output);
        Assert.Equal("rpm", speed.Unit);
        Assert.Equal(expectedRpm, speed.Value, expectedRpm * 0.005);
        Assert.True(sensor.Edges >= (long)(hertz * 3));
    }

    [Fact]
    public void Sample_EdgesStop_ReportsZeroAfterStoppedTime()
    {
        var clock = new FakeTimeProvider();
        using var driver = new EmulatedGpioDriver(clock);
        using var buses = new TestBuses(gpio: driver);
        var settings = new SensorSettings
        {
            Name = "pump_speed", MachineId = "pump-01", Kind = SensorKind.PulseCounter, Pin = Pin, StoppedAfter = TimeSpan.FromSeconds(2),
        };
        using var sensor = new PulseCounterSensor(settings, buses, clock);
        sensor.Open();
        driver.StartSquareWave(Pin, 10);
        clock.AdvanceInSteps(TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(50));
        var output = new List<Measurement>();
        sensor.Sample(output);
        Assert.Equal(600, output[0].Value, 3);

        driver.StopSquareWave(Pin);
        clock.Advance(TimeSpan.FromSeconds(1));
        output.Clear();
        sensor.Sample(output);
        Assert.InRange(output[0].Value, 1, 600);
        clock.Advance(TimeSpan.FromSeconds(2));
        output.Clear();
        sensor.Sample(output);

        Assert.Equal(0, output[0].Value);
    }

    [Fact]
    public void Read_NoEdgeSinceLastReading_BoundedByTimeSinceLastEdge()
    {
        var meter = new EdgeRateMeter();
        meter.RecordEdge(TimeSpan.FromSeconds(0));
        meter.RecordEdge(TimeSpan.FromSeconds(0.5));
        Assert.Equal(2, meter.Read(TimeSpan.FromSeconds(0.6), TimeSpan.FromSeconds(10)), 9);

        // Slowing down: 1.5 s without an edge means no more than 1 / 1.5 s.
        Assert.Equal(1 / 1.5, meter.Read(TimeSpan.FromSeconds(2.0), TimeSpan.FromSeconds(10)), 9);
    }
}
