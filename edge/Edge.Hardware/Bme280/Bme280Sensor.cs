using System.Device.I2c;
using Edge.Hardware.Sensors;
using Iot.Device.Bmxx80;
using Iot.Device.Bmxx80.FilteringMode;
using Iot.Device.Bmxx80.PowerMode;
using UnitsNet;
using UnitsNet.Units;

namespace Edge.Hardware.Bme280;

/// <summary>
/// Cabinet climate from a BME280 on I2C, read through the dotnet/iot <see cref="Iot.Device.Bmxx80.Bme280"/> binding.
/// The part runs in normal mode (datasheet section 3.3.4) so a read never waits for a forced conversion.
/// </summary>
internal sealed class Bme280Sensor : ISensor
{
    // Operating range, BME280 datasheet Table 1 (p. 8): -40..85 degC, 300..1100 hPa, 0..100 %RH.
    private const double MinimumCelsius = -40;
    private const double MaximumCelsius = 85;
    private const double MinimumHectopascals = 300;
    private const double MaximumHectopascals = 1100;

    private static readonly string s_celsius = Abbreviation(TemperatureUnit.DegreeCelsius);
    private static readonly string s_hectopascals = Abbreviation(PressureUnit.Hectopascal);
    private static readonly string s_percent = Abbreviation(RelativeHumidityUnit.Percent);

    private readonly IHardwareBuses _buses;
    private readonly StuckDetector _temperatureStuck;
    private readonly StuckDetector _pressureStuck;
    private readonly StuckDetector _humidityStuck;
    private readonly MeasurementDescriptor _temperature;
    private readonly MeasurementDescriptor _pressure;
    private readonly MeasurementDescriptor _humidity;
    private Iot.Device.Bmxx80.Bme280? _binding;

    public Bme280Sensor(SensorSettings settings, IHardwareBuses buses)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(buses);
        Settings = settings;
        _buses = buses;
        _temperature = new MeasurementDescriptor(settings.Name + "_temperature", s_celsius);
        _pressure = new MeasurementDescriptor(settings.Name + "_pressure", s_hectopascals);
        _humidity = new MeasurementDescriptor(settings.Name + "_humidity", s_percent);
        Measurements = [_temperature, _pressure, _humidity];
        _temperatureStuck = new StuckDetector(settings.StuckAfterSamples);
        _pressureStuck = new StuckDetector(settings.StuckAfterSamples);
        _humidityStuck = new StuckDetector(settings.StuckAfterSamples);
    }

    public SensorSettings Settings { get; }

    public IReadOnlyList<MeasurementDescriptor> Measurements { get; }

    public void Open()
    {
        Close();
        var device = _buses.OpenI2c(Settings.Bus, Settings.Address);
        try
        {
            // The binding reads the chip id (0x60, datasheet section 5.4.1) and throws IOException on a mismatch.
            var binding = new Iot.Device.Bmxx80.Bme280(device);
            binding.TemperatureSampling = Sampling.Standard;
            binding.PressureSampling = Sampling.Standard;
            binding.HumiditySampling = Sampling.Standard;
            binding.FilterMode = Bmx280FilteringMode.X4;
            binding.StandbyTime = StandbyTime.Ms125;
            binding.SetPowerMode(Bmx280PowerMode.Normal);
            _binding = binding;
        }
        catch (IOException exception)
        {
            device.Dispose();
            throw new IOException(
                $"No BME280 answering at i2c-{Settings.Bus} address 0x{Settings.Address:X2}: {exception.Message}", exception);
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    public void Close()
    {
        _binding?.Dispose();
        _binding = null;
    }

    public void Sample(List<Measurement> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var binding = _binding ?? throw new InvalidOperationException("The BME280 is not open.");
        var result = binding.Read();
        var celsius = result.Temperature?.DegreesCelsius ?? double.NaN;
        var hectopascals = result.Pressure?.Hectopascals ?? double.NaN;
        var percent = result.Humidity?.Percent ?? double.NaN;
        output.Add(new Measurement(_temperature.Name, celsius, _temperature.Unit,
            MeasurementQualityRules.Assess(celsius, MinimumCelsius, MaximumCelsius, _temperatureStuck)));
        output.Add(new Measurement(_pressure.Name, hectopascals, _pressure.Unit,
            MeasurementQualityRules.Assess(hectopascals, MinimumHectopascals, MaximumHectopascals, _pressureStuck)));
        output.Add(new Measurement(_humidity.Name, percent, _humidity.Unit,
            MeasurementQualityRules.Assess(percent, 0, 100, _humidityStuck)));
    }

    public void Dispose() => Close();

    private static string Abbreviation<TUnit>(TUnit unit)
        where TUnit : struct, Enum => UnitAbbreviationsCache.Default.GetDefaultAbbreviation(unit);
}
