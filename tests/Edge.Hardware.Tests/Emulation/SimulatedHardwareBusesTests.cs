using Edge.Hardware.Catalog;
using Edge.Hardware.Emulation;
using Edge.Hardware.Sensors;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Hardware.Tests.Emulation;

public sealed class SimulatedHardwareBusesTests
{
    private static List<SensorSettings> PumpStation() =>
    [
        new() { Name = "cabinet", MachineId = "pump-01", Kind = SensorKind.Bme280, Bus = 1, Address = 0x76 },
        new()
        {
            Name = "pump_vibration", MachineId = "pump-01", Kind = SensorKind.Adxl345, Bus = 0, ChipSelect = 0,
            SampleRateHz = 800, WindowSamples = 512, Interval = TimeSpan.FromMilliseconds(25),
        },
        new() { Name = "motor_current", MachineId = "pump-01", Kind = SensorKind.CurrentClamp, Bus = 1, ChipSelect = 0, Channel = 0, BurstSamples = 400 },
        new()
        {
            Name = "discharge_pressure", MachineId = "pump-01", Kind = SensorKind.AnalogInput, Bus = 1, ChipSelect = 0, Channel = 1,
            DividerRatio = 2.0 / 3, MaximumValue = 10,
        },
        new() { Name = "motor_running", MachineId = "pump-01", Kind = SensorKind.DigitalInput, Pin = 23 },
        new() { Name = "pump_speed", MachineId = "pump-01", Kind = SensorKind.PulseCounter, Pin = 17 },
    ];

    [Fact]
    public void Sample_PumpStationWhileDegrading_EverySensorGoodAndVibrationAndCurrentRise()
    {
        var clock = new FakeTimeProvider();
        var settings = PumpStation();
        using var buses = new SimulatedHardwareBuses(settings, new SimulationSettings { DegradationTime = TimeSpan.FromMinutes(10) }, clock);
        var supervisors = settings.Select(s => new SensorSupervisor(SensorFactory.Create(s, buses, clock), clock, BackoffPolicy.Default)).ToList();

        var early = Run(supervisors, clock, TimeSpan.FromSeconds(3));
        clock.Advance(TimeSpan.FromMinutes(10));
        var late = Run(supervisors, clock, TimeSpan.FromSeconds(3));

        Assert.All(early.Concat(late), m => Assert.Equal(MeasurementQuality.Good, m.Quality));
        Assert.InRange(Last(early, "cabinet_temperature"), 20, 35);
        Assert.InRange(Last(early, "cabinet_pressure"), 1000, 1020);
        Assert.InRange(Last(early, "motor_current"), 11, 13);
        Assert.InRange(Last(early, "discharge_pressure"), 4, 4.4);
        Assert.Equal(1, Last(early, "motor_running"));
        Assert.InRange(Last(early, "pump_speed"), 1440, 1480);
        Assert.True(Last(late, "motor_current") > Last(early, "motor_current") * 1.15);
        Assert.True(Last(late, "pump_vibration_kurtosis") > Last(early, "pump_vibration_kurtosis") + 1);
        Assert.True(Last(late, "pump_vibration_acceleration_rms") > Last(early, "pump_vibration_acceleration_rms") * 2);
        foreach (var supervisor in supervisors)
        {
            supervisor.Dispose();
        }
    }

    [Fact]
    public void Open_AddressWithNothingConfigured_SensorMissing()
    {
        var clock = new FakeTimeProvider();
        var configured = new SensorSettings { Name = "cabinet", MachineId = "pump-01", Kind = SensorKind.Bme280, Address = 0x76 };
        var elsewhere = new SensorSettings { Name = "cabinet", MachineId = "pump-01", Kind = SensorKind.Bme280, Address = 0x77 };
        using var buses = new SimulatedHardwareBuses([configured], new SimulationSettings(), clock);
        using var sensor = SensorFactory.Create(elsewhere, buses, clock);

        Assert.Throws<IOException>(sensor.Open);
    }

    private static List<Measurement> Run(List<SensorSupervisor> supervisors, FakeTimeProvider clock, TimeSpan duration)
    {
        var output = new List<Measurement>();
        var step = TimeSpan.FromMilliseconds(5);
        var sinceSlowSample = TimeSpan.Zero;
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += step)
        {
            clock.Advance(step);
            sinceSlowSample += step;
            foreach (var supervisor in supervisors)
            {
                var isFast = supervisor.Sensor.Settings.Kind == SensorKind.Adxl345;
                if (isFast ? elapsed.Ticks % TimeSpan.FromMilliseconds(25).Ticks == 0 : sinceSlowSample >= TimeSpan.FromSeconds(1))
                {
                    supervisor.Step(output);
                }
            }

            if (sinceSlowSample >= TimeSpan.FromSeconds(1))
            {
                sinceSlowSample = TimeSpan.Zero;
            }
        }

        return output;
    }

    private static double Last(List<Measurement> measurements, string name) => measurements.Last(m => m.Name == name).Value;
}
