using System.Device.Spi;
using System.Numerics;
using Edge.Hardware.Adxl345;
using Edge.Hardware.Emulation;
using Edge.Hardware.Sensors;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Hardware.Tests.Adxl345;

public sealed class Adxl345SensorTests
{
    private const double StandardGravity = 9.80665;

    private static SensorSettings Settings() => new()
    {
        Name = "pump_vibration",
        MachineId = "pump-01",
        Kind = SensorKind.Adxl345,
        Bus = 0,
        ChipSelect = 0,
        SampleRateHz = 800,
        WindowSamples = 1024,
        RangeG = 4,
        Axis = 'Z',
        Interval = TimeSpan.FromMilliseconds(25),
        BandEdgesHz = [10, 50, 100, 200, 400],
    };

    // Frequencies not locked to the 800 Hz sample clock: a locked tone repeats the same few 10-bit codes, whose rounding
    // errors then add up instead of averaging out (80 Hz at 0.2 g reads 1.1 % low).
    [Theory]
    [InlineData(0.2, 77.3, "pump_vibration_band_50_100hz")]
    [InlineData(0.5, 163.7, "pump_vibration_band_100_200hz")]
    [InlineData(0.1, 31.9, "pump_vibration_band_10_50hz")]
    public void Sample_SineOfKnownAmplitudeAndFrequency_RmsVelocityAndDominantBand(double amplitudeG, double hertz, string dominantBand)
    {
        var clock = new FakeTimeProvider();
        Adxl345Emulator? emulator = null;
        var buses = new TestBuses(spi: s => emulator = new Adxl345Emulator(s, clock,
            t => new Vector3(0, 0, (float)(1 + (amplitudeG * Math.Sin(2 * Math.PI * hertz * t))))));
        using var sensor = new Adxl345Sensor(Settings(), buses);
        sensor.Open();
        var output = new List<Measurement>();

        for (var step = 0; step < 100 && output.Count == 0; step++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(25));
            sensor.Sample(output);
        }

        var expectedRms = amplitudeG / Math.Sqrt(2) * StandardGravity;
        Assert.Equal(expectedRms, output.Single(m => m.Name == "pump_vibration_acceleration_rms").Value, expectedRms * 0.01);
        Assert.Equal(amplitudeG * StandardGravity, output.Single(m => m.Name == "pump_vibration_acceleration_peak").Value, amplitudeG * StandardGravity * 0.02);
        Assert.Equal(Math.Sqrt(2), output.Single(m => m.Name == "pump_vibration_crest_factor").Value, 0.05);
        Assert.Equal(1.5, output.Single(m => m.Name == "pump_vibration_kurtosis").Value, 0.05);
        var expectedVelocity = expectedRms / (2 * Math.PI * hertz) * 1000;
        var velocity = output.Single(m => m.Name == "pump_vibration");
        Assert.Equal("mm/s", velocity.Unit);
        Assert.Equal(expectedVelocity, velocity.Value, expectedVelocity * 0.03);
        var strongest = output.Where(m => m.Name.Contains("_band_", StringComparison.Ordinal)).MaxBy(m => m.Value);
        Assert.Equal(dominantBand, strongest.Name);
        Assert.Equal(0, sensor.FifoOverruns);
        Assert.Equal(0, emulator!.OverwrittenSamples);
    }

    [Fact]
    public void Open_NoPartOnChipSelect_ThrowsIOExceptionNamingDevice()
    {
        var clock = new FakeTimeProvider();
        var buses = new TestBuses(spi: s => new Adxl345Emulator(s, clock, _ => Vector3.Zero) { Present = false });
        using var sensor = new Adxl345Sensor(Settings(), buses);

        var exception = Assert.Throws<IOException>(sensor.Open);

        Assert.Contains("spi0.0", exception.Message);
        Assert.Contains("DEVID 0x00", exception.Message);
    }

    [Fact]
    public void Sample_ReadTooRarely_CountsFifoOverrun()
    {
        var clock = new FakeTimeProvider();
        var buses = new TestBuses(spi: s => new Adxl345Emulator(s, clock, _ => Vector3.UnitZ));
        using var sensor = new Adxl345Sensor(Settings(), buses);
        sensor.Open();

        clock.Advance(TimeSpan.FromMilliseconds(100));
        sensor.Sample([]);

        Assert.Equal(1, sensor.FifoOverruns);
    }

    [Fact]
    public void Open_ConfiguresRateFifoAndRangeThroughRegisters()
    {
        var clock = new FakeTimeProvider();
        Adxl345Emulator? emulator = null;
        var buses = new TestBuses(spi: s => emulator = new Adxl345Emulator(s, clock, _ => new Vector3(0, 0, 3.9f)));
        var settings = Settings();
        settings.RangeG = 2;
        using var sensor = new Adxl345Sensor(settings, buses);
        sensor.Open();
        var output = new List<Measurement>();

        // 10 ms at 800 Hz: 8 samples plus the one at t = 0 in the FIFO, read back through the binding at +-2 g (clipped at 2 g).
        clock.Advance(TimeSpan.FromMilliseconds(10));
        sensor.Sample(output);

        var frame = new byte[2];
        emulator!.TransferFullDuplex([0x80 | 0x2C, 0], frame);
        Assert.Equal(0x0D, frame[1]);
        emulator.TransferFullDuplex([0x80 | 0x38, 0], frame);
        Assert.Equal(0x80, frame[1] & 0xC0);
        emulator.TransferFullDuplex([0x80 | 0x39, 0], frame);
        Assert.Equal(0, frame[1] & 0x3F);
        Assert.Equal(SpiMode.Mode3, emulator.ConnectionSettings.Mode);
    }
}
