namespace Edge.Hardware.Sensors;

/// <summary>What is wired to the Pi; decides which driver reads it and which settings apply.</summary>
public enum SensorKind
{
    /// <summary>BME280 on I2C: cabinet temperature, humidity and pressure.</summary>
    Bme280,

    /// <summary>ADXL345 on SPI: vibration features per window.</summary>
    Adxl345,

    /// <summary>CT clamp into an MCP3008 channel: motor current RMS.</summary>
    CurrentClamp,

    /// <summary>A scaled voltage into an MCP3008 channel (for example a 0.5-4.5 V pressure transducer).</summary>
    AnalogInput,

    /// <summary>A debounced GPIO input (machine running, door or guard switch).</summary>
    DigitalInput,

    /// <summary>A hall sensor or encoder on a GPIO pin: speed in RPM from counted edges.</summary>
    PulseCounter,
}
