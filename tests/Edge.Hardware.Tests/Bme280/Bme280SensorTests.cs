using System.Device.I2c;
using Edge.Hardware.Bme280;
using Edge.Hardware.Emulation;
using Edge.Hardware.Sensors;

namespace Edge.Hardware.Tests.Bme280;

public sealed class Bme280SensorTests
{
    // BMP280 datasheet (BST-BMP280-DS001) section 3.12, Table 16: the worked compensation example.
    private const int DatasheetAdcTemperature = 519888;
    private const int DatasheetAdcPressure = 415148;

    private static SensorSettings Settings(int address = 0x76) => new()
    {
        Name = "cabinet",
        MachineId = "pump-01",
        Kind = SensorKind.Bme280,
        Bus = 1,
        Address = address,
    };

    [Fact]
    public void Binding_DatasheetExample_GivesDatasheetTemperatureAndPressure()
    {
        using var emulator = new Bme280Emulator(new I2cConnectionSettings(1, 0x76), Bme280Calibration.DatasheetExample);
        emulator.SetRaw(DatasheetAdcTemperature, DatasheetAdcPressure, 0x8000);
        using var binding = new Iot.Device.Bmxx80.Bme280(emulator);

        // Forced mode, as the binding uses by default: the emulator converts on the ctrl_meas write.
        var result = binding.Read();

        Assert.Equal(25.08, result.Temperature!.Value.DegreesCelsius, 2);
        Assert.Equal(100653.27, result.Pressure!.Value.Pascals, 2);
    }

    [Fact]
    public void Sample_DatasheetExample_ReportsDegreesHectopascalsAndHumidityWithUnits()
    {
        var emulator = new Bme280Emulator(new I2cConnectionSettings(1, 0x76), Bme280Calibration.DatasheetExample);
        const int adcHumidity = 30000;
        emulator.SetRaw(DatasheetAdcTemperature, DatasheetAdcPressure, adcHumidity);
        using var sensor = new Bme280Sensor(Settings(), new TestBuses(i2c: _ => emulator));
        sensor.Open();
        var output = new List<Measurement>();

        sensor.Sample(output);

        var temperature = Assert.Single(output, m => m.Name == "cabinet_temperature");
        var pressure = Assert.Single(output, m => m.Name == "cabinet_pressure");
        var humidity = Assert.Single(output, m => m.Name == "cabinet_humidity");
        Assert.Equal(25.08, temperature.Value, 2);
        Assert.Equal("°C", temperature.Unit);
        Assert.Equal(1006.5327, pressure.Value, 3);
        Assert.Equal("hPa", pressure.Unit);
        // The binding computes in double precision, the datasheet's reference in 32-bit integers with 1/1024 %RH steps.
        Assert.Equal(ReferenceHumidity(Bme280Calibration.DatasheetExample, DatasheetAdcTemperature, adcHumidity), humidity.Value, 0.05);
        Assert.Equal("%RH", humidity.Unit);
        Assert.All(output, m => Assert.Equal(MeasurementQuality.Good, m.Quality));
    }

    [Fact]
    public void Sample_ClimateSet_ReadsBackTheClimate()
    {
        var emulator = new Bme280Emulator(new I2cConnectionSettings(1, 0x77), Bme280Calibration.DatasheetExample);
        emulator.SetClimate(celsius: 31.4, pascals: 97_250, percentHumidity: 62.5);
        using var sensor = new Bme280Sensor(Settings(0x77), new TestBuses(i2c: _ => emulator));
        sensor.Open();
        var output = new List<Measurement>();

        sensor.Sample(output);

        // One raw step is about 0.005 degC, 0.02 hPa and 0.01 %RH at these values.
        Assert.Equal(31.4, output.Single(m => m.Name == "cabinet_temperature").Value, 0.01);
        Assert.Equal(972.5, output.Single(m => m.Name == "cabinet_pressure").Value, 0.05);
        Assert.Equal(62.5, output.Single(m => m.Name == "cabinet_humidity").Value, 0.05);
    }

    [Fact]
    public void Open_WrongChipId_ThrowsIOExceptionNamingBusAndAddress()
    {
        // A BMP280 (id 0x58) where a BME280 was configured.
        var emulator = new Bme280Emulator(new I2cConnectionSettings(1, 0x76), Bme280Calibration.DatasheetExample) { ChipId = 0x58 };
        using var sensor = new Bme280Sensor(Settings(), new TestBuses(i2c: _ => emulator));

        var exception = Assert.Throws<IOException>(sensor.Open);

        Assert.Contains("i2c-1", exception.Message);
        Assert.Contains("0x76", exception.Message);
    }

    [Fact]
    public void Open_NoAcknowledge_ThrowsIOException()
    {
        var emulator = new Bme280Emulator(new I2cConnectionSettings(1, 0x76), Bme280Calibration.DatasheetExample) { Present = false };
        using var sensor = new Bme280Sensor(Settings(), new TestBuses(i2c: _ => emulator));

        Assert.Throws<IOException>(sensor.Open);
    }

    [Fact]
    public void Sample_StuckAfterConfigured_FlagsStuck()
    {
        var emulator = new Bme280Emulator(new I2cConnectionSettings(1, 0x76), Bme280Calibration.DatasheetExample);
        emulator.SetRaw(DatasheetAdcTemperature, DatasheetAdcPressure, 30000);
        var settings = Settings();
        settings.StuckAfterSamples = 3;
        using var sensor = new Bme280Sensor(settings, new TestBuses(i2c: _ => emulator));
        sensor.Open();
        var output = new List<Measurement>();

        for (var i = 0; i < 3; i++)
        {
            output.Clear();
            sensor.Sample(output);
        }

        Assert.Equal(MeasurementQuality.Stuck, output.Single(m => m.Name == "cabinet_temperature").Quality);
    }

    /// <summary>bme280_compensate_H_int32 of the BME280 datasheet (section 4.2.3), in %RH: an independent oracle.</summary>
    private static double ReferenceHumidity(Bme280Calibration c, int adcT, int adcH)
    {
        var var1 = (((adcT >> 3) - (c.T1 << 1)) * c.T2) >> 11;
        var var2 = (((((adcT >> 4) - c.T1) * ((adcT >> 4) - c.T1)) >> 12) * c.T3) >> 14;
        var fine = var1 + var2;
        var x = fine - 76800;
        var v = (((adcH << 14) - (c.H4 << 20) - (c.H5 * x)) + 16384) >> 15;
        v *= ((((((x * c.H6) >> 10) * (((x * c.H3) >> 11) + 32768)) >> 10) + 2097152) * c.H2 + 8192) >> 14;
        v -= ((((v >> 15) * (v >> 15)) >> 7) * c.H1) >> 4;
        v = Math.Clamp(v, 0, 419430400);
        return (v >> 12) / 1024.0;
    }
}
