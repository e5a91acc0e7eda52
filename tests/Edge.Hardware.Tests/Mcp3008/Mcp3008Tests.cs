using System.Device.Spi;
using Edge.Hardware.Emulation;
using Edge.Hardware.Mcp3008;
using Edge.Hardware.Sensors;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Hardware.Tests.Mcp3008;

public sealed class Mcp3008Tests
{
    private static readonly SpiConnectionSettings s_spi = new(0, 1) { ClockFrequency = 1_000_000 };

    // Equation 4-1 (datasheet p. 17): code = 1024 x VIN / VREF, here with VREF 3.3 V.
    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(1.65, 512)]
    [InlineData(0.5, 155)]
    [InlineData(3.2968, 1023)]
    [InlineData(5.0, 1023)]
    public void Read_ChannelVoltage_GivesDatasheetCode(double volts, int expectedCode)
    {
        var inputs = new Mcp3008Inputs(3.3);
        inputs.SetChannel(5, volts);
        using var adc = new Iot.Device.Adc.Mcp3008(new Mcp3008Emulator(s_spi, inputs, new FakeTimeProvider()));

        Assert.Equal(expectedCode, adc.Read(5));
    }

    [Fact]
    public void ReadPseudoDifferential_PairOfChannels_GivesDifferenceCode()
    {
        var inputs = new Mcp3008Inputs(3.3);
        inputs.SetChannel(2, 2.0);
        inputs.SetChannel(3, 0.35);
        using var adc = new Iot.Device.Adc.Mcp3008(new Mcp3008Emulator(s_spi, inputs, new FakeTimeProvider()));

        Assert.Equal((int)Math.Floor(1024 * 1.65 / 3.3), adc.ReadPseudoDifferential(2, 3));
    }

    [Fact]
    public void TransferFullDuplex_InvertedPairFrame_ClampsNegativeDifferenceToZero()
    {
        // Start bit, SGL/DIFF = 0, D2-D0 = 011: CH2 is IN- and CH3 is IN+ (Table 5-2), so 0.35 V - 2.0 V clamps to code 0.
        // (The binding's ReadPseudoDifferential sends 010 for both orders, so this frame is built by hand.)
        var inputs = new Mcp3008Inputs(3.3);
        inputs.SetChannel(2, 2.0);
        inputs.SetChannel(3, 0.35);
        using var emulator = new Mcp3008Emulator(s_spi, inputs, new FakeTimeProvider());
        var response = new byte[3];

        emulator.TransferFullDuplex([0x01, 0x30, 0x00], response);

        Assert.Equal(0, ((response[1] & 0x03) << 8) | response[2]);
        emulator.TransferFullDuplex([0x01, 0x20, 0x00], response);
        Assert.Equal(512, ((response[1] & 0x03) << 8) | response[2]);
    }

    [Fact]
    public void Sample_CurrentClampSine_GivesPrimaryRmsAmperes()
    {
        // 100 A : 50 mA clamp (2000 turns) into 33 ohm, biased at 1.65 V: 21.43 A RMS gives 0.5 V peak at the burden.
        var inputs = new Mcp3008Inputs(3.3);
        inputs.SetChannel(0, t => 1.65 + (0.5 * Math.Sin(2 * Math.PI * 50 * t)));
        var settings = new SensorSettings
        {
            Name = "motor_current", MachineId = "pump-01", Kind = SensorKind.CurrentClamp,
            Bus = 0, ChipSelect = 1, Channel = 0, BurdenOhms = 33, TurnsRatio = 2000, BurstSamples = 2000,
        };
        var clock = new FakeTimeProvider();
        using var sensor = new CurrentClampSensor(settings, new TestBuses(spi: s => new Mcp3008Emulator(s, inputs, clock)));
        sensor.Open();
        var output = new List<Measurement>();

        sensor.Sample(output);

        var expected = 0.5 / Math.Sqrt(2) / 33 * 2000;
        var current = Assert.Single(output);
        Assert.Equal("motor_current", current.Name);
        Assert.Equal("A", current.Unit);
        Assert.Equal(expected, current.Value, expected * 0.01);
        Assert.Equal(MeasurementQuality.Good, current.Quality);
    }

    [Fact]
    public void Sample_CurrentClampClipping_FlagsOutOfRange()
    {
        var inputs = new Mcp3008Inputs(3.3);
        inputs.SetChannel(0, t => 1.65 + (2.5 * Math.Sin(2 * Math.PI * 50 * t)));
        var settings = new SensorSettings { Name = "motor_current", MachineId = "pump-01", Kind = SensorKind.CurrentClamp, ChipSelect = 1 };
        using var sensor = new CurrentClampSensor(settings, new TestBuses(spi: s => new Mcp3008Emulator(s, inputs, new FakeTimeProvider())));
        sensor.Open();
        var output = new List<Measurement>();

        sensor.Sample(output);

        Assert.Equal(MeasurementQuality.OutOfRange, Assert.Single(output).Quality);
    }

    // A 0.5-4.5 V, 0-10 bar transducer behind a 2/3 divider (4.5 V reaches the ADC as 3.0 V).
    [Theory]
    [InlineData(2.5, 5.0, MeasurementQuality.Good)]
    [InlineData(0.5, 0.0, MeasurementQuality.Good)]
    [InlineData(4.5, 10.0, MeasurementQuality.Good)]
    [InlineData(4.95, 11.125, MeasurementQuality.OutOfRange)]
    [InlineData(0.0, -1.25, MeasurementQuality.SensorMissing)]
    public void Sample_PressureTransducer_ScalesAndFlags(double sensorVolts, double expectedBar, MeasurementQuality expectedQuality)
    {
        var inputs = new Mcp3008Inputs(3.3);
        inputs.SetChannel(3, sensorVolts * 2 / 3);
        var settings = new SensorSettings
        {
            Name = "discharge_pressure", MachineId = "pump-01", Kind = SensorKind.AnalogInput, ChipSelect = 1, Channel = 3,
            DividerRatio = 2.0 / 3, MinimumVolts = 0.5, MaximumVolts = 4.5, MinimumValue = 0, MaximumValue = 10, Unit = "bar",
        };
        using var sensor = new AnalogInputSensor(settings, new TestBuses(spi: s => new Mcp3008Emulator(s, inputs, new FakeTimeProvider())));
        sensor.Open();
        var output = new List<Measurement>();

        sensor.Sample(output);

        var pressure = Assert.Single(output);
        Assert.Equal("bar", pressure.Unit);

        // One code is 3.2 mV at the ADC, 4.8 mV at the sensor: 0.012 bar.
        Assert.Equal(expectedBar, pressure.Value, 0.015);
        Assert.Equal(expectedQuality, pressure.Quality);
    }

    [Fact]
    public void Open_NoChipOnChipSelect_ThrowsIOException()
    {
        var inputs = new Mcp3008Inputs(3.3) { Present = false };
        var settings = new SensorSettings { Name = "discharge_pressure", MachineId = "pump-01", Kind = SensorKind.AnalogInput, Bus = 0, ChipSelect = 1 };
        using var sensor = new AnalogInputSensor(settings, new TestBuses(spi: s => new Mcp3008Emulator(s, inputs, new FakeTimeProvider())));

        var exception = Assert.Throws<IOException>(sensor.Open);

        Assert.Contains("spi0.1", exception.Message);
    }
}
