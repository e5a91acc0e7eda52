using Edge.Hardware.Adxl345;
using Edge.Hardware.Bme280;
using Edge.Hardware.DigitalInputs;
using Edge.Hardware.Mcp3008;
using Edge.Hardware.PulseCounter;
using Edge.Hardware.Sensors;

namespace Edge.Hardware.Catalog;

/// <summary>Builds the sensor class for a configured kind; the buses decide whether it reads the Pi or an emulator.</summary>
public static class SensorFactory
{
    public static ISensor Create(SensorSettings settings, IHardwareBuses buses, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Kind switch
        {
            SensorKind.Bme280 => new Bme280Sensor(settings, buses),
            SensorKind.Adxl345 => new Adxl345Sensor(settings, buses),
            SensorKind.CurrentClamp => new CurrentClampSensor(settings, buses),
            SensorKind.AnalogInput => new AnalogInputSensor(settings, buses),
            SensorKind.DigitalInput => new DigitalInputSensor(settings, buses, timeProvider),
            SensorKind.PulseCounter => new PulseCounterSensor(settings, buses, timeProvider),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Kind, "Unknown sensor kind."),
        };
    }

    /// <summary>The bus a sensor sits on; one sampling service owns each (for example <c>i2c-1</c>, <c>spi-0</c>, <c>gpio</c>).</summary>
    public static string BusOf(SensorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Kind switch
        {
            SensorKind.Bme280 => $"i2c-{settings.Bus}",
            SensorKind.Adxl345 or SensorKind.CurrentClamp or SensorKind.AnalogInput => $"spi-{settings.Bus}",
            _ => "gpio",
        };
    }
}
