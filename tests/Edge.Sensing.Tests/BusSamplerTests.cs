using Edge.Hardware.Sensors;
using Edge.Ingest.Telemetry;
using Edge.Kernel;
using Edge.Sensing;

namespace Edge.Sensing.Tests;

public sealed class BusSamplerTests
{
    private static SensorSettings Cabinet(int address = 0x76) => new()
    {
        Name = "cabinet", MachineId = "pump-01", Kind = SensorKind.Bme280, Bus = 1, Address = address, Interval = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public void StepDue_SimulatedBme280_WritesGoodReadingsForTheMachine()
    {
        using var kit = new SensingTestKit([Cabinet()]);
        var sampler = kit.Registry.Sampler("i2c-1");

        var written = sampler.StepDue();

        var readings = kit.Drain();
        Assert.Equal(3, written);
        Assert.Equal(["cabinet_temperature", "cabinet_pressure", "cabinet_humidity"], readings.Select(r => r.Sensor));
        Assert.All(readings, r => Assert.Equal("pump-01", r.MachineId));
        Assert.All(readings, r => Assert.Equal(ReadingQuality.Good, r.Quality));
        Assert.All(readings, r => Assert.Equal(kit.Clock.GetUtcNow(), r.Timestamp));
    }

    [Fact]
    public void StepDue_BeforeNextSlot_SamplesNothingThenKeepsSchedule()
    {
        using var kit = new SensingTestKit([Cabinet()]);
        var sampler = kit.Registry.Sampler("i2c-1");
        sampler.StepDue();
        kit.Drain();

        kit.Clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal(0, sampler.StepDue());

        // 7 ms late for the 5 s slot: the lateness is the jitter.
        kit.Clock.Advance(TimeSpan.FromMilliseconds(107));
        Assert.Equal(3, sampler.StepDue());
        var jitter = kit.Registry.Sensors[0].Jitter.Summarize();
        Assert.Equal(2, jitter.Samples);
        Assert.Equal(7, jitter.MaximumMilliseconds, 3);

        // The next slot is at 10 s, not 10.007 s: no drift.
        kit.Clock.Advance(TimeSpan.FromMilliseconds(4_993));
        Assert.Equal(3, sampler.StepDue());
    }

    [Fact]
    public void StepDue_ChannelFull_DropsAndCountsRefusals()
    {
        using var kit = new SensingTestKit([Cabinet()], channelCapacity: 2);
        var sampler = kit.Registry.Sampler("i2c-1");

        var written = sampler.StepDue();

        Assert.Equal(2, written);
        Assert.Equal(1, kit.Metrics.RefusedTotal);
    }

    [Fact]
    public void StepDue_RealModeWithoutTheBus_ReportsMissingAndRunsOn()
    {
        // Real mode on a machine with no /dev/i2c-7: the open fails like a missing part, the gateway carries on.
        var settings = Cabinet();
        settings.Bus = 7;
        using var kit = new SensingTestKit([settings], mode: HardwareMode.Real);
        var sampler = kit.Registry.Sampler("i2c-7");

        sampler.StepDue();
        kit.Clock.Advance(TimeSpan.FromSeconds(5));
        sampler.StepDue();

        // Two attempts (the second after the 1 s backoff), each reporting the three measurements as missing.
        var readings = kit.Drain();
        Assert.Equal(6, readings.Count);
        Assert.All(readings, r => Assert.Equal(ReadingQuality.SensorMissing, r.Quality));
        Assert.Equal(2, kit.Registry.Sensors[0].Supervisor.FailureCount);
        var status = Assert.Single(SensingApi.Snapshot(kit.Registry, kit.Metrics.RefusedTotal).Sensors);
        Assert.Equal("Missing", status.Health);
        Assert.Equal("i2c-7 0x76", status.Wiring);
        Assert.All(status.Measurements, m => Assert.Null(m.Value));
        Assert.Contains("i2c-7", status.LastError, StringComparison.Ordinal);
    }
}
