using System.Device.I2c;
using Edge.Hardware.Bme280;
using Edge.Hardware.Emulation;
using Edge.Hardware.Sensors;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Hardware.Tests.Sensors;

public sealed class SensorSupervisorTests
{
    private static readonly BackoffPolicy s_backoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8));

    private static SensorSettings Settings() => new() { Name = "cabinet", MachineId = "pump-01", Kind = SensorKind.Bme280 };

    [Fact]
    public void Step_SensorMissingAtBoot_ReportsMissingReadingsWithoutThrowing()
    {
        var clock = new FakeTimeProvider();
        var buses = new TestBuses(i2c: s => new Bme280Emulator(s, Bme280Calibration.DatasheetExample) { Present = false });
        using var supervisor = new SensorSupervisor(new Bme280Sensor(Settings(), buses), clock, s_backoff);
        var output = new List<Measurement>();

        var outcome = supervisor.Step(output);

        Assert.Equal(SupervisorOutcome.Missing, outcome);
        Assert.Equal(SensorHealth.Missing, supervisor.Health);
        Assert.Equal(3, output.Count);
        Assert.All(output, m => Assert.Equal(MeasurementQuality.SensorMissing, m.Quality));
        Assert.All(output, m => Assert.True(double.IsNaN(m.Value)));
        Assert.Contains("0x76", supervisor.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void Step_FailureMidRun_RetriedWithBackoffCountedAndRecovers()
    {
        var clock = new FakeTimeProvider();
        var emulator = new Bme280Emulator(new I2cConnectionSettings(1, 0x76), Bme280Calibration.DatasheetExample);
        emulator.SetClimate(22, 101_000, 40);
        var buses = new TestBuses(i2c: _ => emulator);
        using var supervisor = new SensorSupervisor(new Bme280Sensor(Settings(), buses), clock, s_backoff);
        var output = new List<Measurement>();
        Assert.Equal(SupervisorOutcome.Sampled, supervisor.Step(output));

        // The bus breaks for long enough to fail the sample and the first two re-opens.
        emulator.FailNextTransfers(3);
        output.Clear();
        Assert.Equal(SupervisorOutcome.Failed, supervisor.Step(output));
        Assert.All(output, m => Assert.Equal(MeasurementQuality.BusError, m.Quality));
        Assert.Equal(SensorHealth.Failing, supervisor.Health);

        // Within the 1 s backoff nothing is tried.
        clock.Advance(TimeSpan.FromMilliseconds(900));
        Assert.Equal(SupervisorOutcome.Waiting, supervisor.Step(output));
        clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(SupervisorOutcome.Missing, supervisor.Step(output));
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(2), supervisor.NextAttempt);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(SupervisorOutcome.Missing, supervisor.Step(output));
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(4), supervisor.NextAttempt);
        clock.Advance(TimeSpan.FromSeconds(4));
        output.Clear();

        Assert.Equal(SupervisorOutcome.Recovered, supervisor.Step(output));
        Assert.Equal(SensorHealth.Healthy, supervisor.Health);
        Assert.Equal(3, supervisor.FailureCount);
        Assert.Equal(22, output.Single(m => m.Name == "cabinet_temperature").Value, 0.01);
        Assert.Equal(3, supervisor.Latest.Count);
        Assert.Equal(2, supervisor.SampleCount);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(40, 8)]
    public void DelayAfter_ConsecutiveFailures_DoublesUpToMaximum(int failures, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), s_backoff.DelayAfter(failures));
    }

    [Fact]
    public void Validate_BadSettings_NamesKeyAndFix()
    {
        var badRate = new SensorSettings { Name = "", MachineId = "pump-01", Kind = SensorKind.Adxl345, SampleRateHz = 700, Interval = TimeSpan.FromMilliseconds(20) };
        var slowReads = new SensorSettings { Name = "v", MachineId = "pump-01", Kind = SensorKind.Adxl345, SampleRateHz = 800, Interval = TimeSpan.FromMilliseconds(100) };
        var good = new SensorSettings { Name = "v", MachineId = "pump-01", Kind = SensorKind.Adxl345, SampleRateHz = 800, Interval = TimeSpan.FromMilliseconds(25) };

        var errors = SensorSettingsValidator.Validate(badRate, "Hardware:Sensors:2").ToList();

        Assert.Contains("Hardware:Sensors:2:Name is required (for example 'cabinet').", errors);
        Assert.Contains(errors, e => e.StartsWith("Hardware:Sensors:2:SampleRateHz", StringComparison.Ordinal));
        Assert.Contains(SensorSettingsValidator.Validate(slowReads, "Hardware:Sensors:0"), e => e.Contains("FIFO", StringComparison.Ordinal));
        Assert.Empty(SensorSettingsValidator.Validate(good, "Hardware:Sensors:0"));
    }
}
