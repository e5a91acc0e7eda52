namespace Edge.Hardware.Sensors;

/// <summary>
/// One configured sensor (an entry of <c>Hardware:Sensors</c>). One flat shape for every kind keeps configuration files
/// readable; <see cref="SensorSettingsValidator"/> says which keys each kind needs.
/// </summary>
public sealed class SensorSettings
{
    /// <summary>Sensor name; the measurement names derive from it (for example <c>cabinet</c> gives <c>cabinet_temperature</c>).</summary>
    public string Name { get; set; } = "";

    /// <summary>The machine the readings belong to (must be a machine known to the gateway).</summary>
    public string MachineId { get; set; } = "";

    public SensorKind Kind { get; set; }

    /// <summary>I2C bus number (<c>/dev/i2c-N</c>) or SPI bus number (<c>/dev/spidevN.x</c>).</summary>
    public int Bus { get; set; } = 1;

    /// <summary>I2C address: 0x76 (SDO to GND) or 0x77 (SDO to VDDIO) for a BME280.</summary>
    public int Address { get; set; } = 0x76;

    /// <summary>SPI chip select (<c>/dev/spidevB.C</c>).</summary>
    public int ChipSelect { get; set; }

    /// <summary>SPI clock in Hz. The MCP3008 manages 1.35 MHz at 2.7 V (datasheet Table 1-1); the ADXL345 5 MHz.</summary>
    public int SpiClockHz { get; set; } = 1_000_000;

    /// <summary>MCP3008 single-ended channel, 0-7.</summary>
    public int Channel { get; set; }

    /// <summary>GPIO pin (BCM numbering).</summary>
    public int Pin { get; set; } = -1;

    /// <summary>Time between two samples (for the ADXL345: between two FIFO reads).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>ADXL345 output data rate in Hz (one of 100, 200, 400, 800, 1600, 3200).</summary>
    public int SampleRateHz { get; set; } = 800;

    /// <summary>ADXL345 samples per feature window (a power of two for the FFT).</summary>
    public int WindowSamples { get; set; } = 1024;

    /// <summary>ADXL345 axis used for the features: X, Y or Z.</summary>
    public char Axis { get; set; } = 'Z';

    /// <summary>ADXL345 range in g: 2, 4, 8 or 16.</summary>
    public int RangeG { get; set; } = 4;

    /// <summary>Edges of the ADXL345 FFT bands in Hz, ascending; band i spans [edge i, edge i+1).</summary>
    public List<double> BandEdgesHz { get; set; } = [];

    /// <summary>CT clamp burden resistor in ohms.</summary>
    public double BurdenOhms { get; set; } = 33;

    /// <summary>CT clamp turns ratio (primary amps per secondary amp), 2000 for a 100 A : 50 mA clamp.</summary>
    public double TurnsRatio { get; set; } = 2000;

    /// <summary>CT clamp: conversions per burst; the burst should span whole mains cycles.</summary>
    public int BurstSamples { get; set; } = 2000;

    /// <summary>ADC reference voltage (VREF of the MCP3008).</summary>
    public double ReferenceVolts { get; set; } = 3.3;

    /// <summary>Divider between the sensor output and the ADC pin (ADC volts = sensor volts x ratio).</summary>
    public double DividerRatio { get; set; } = 1.0;

    /// <summary>Analog input: sensor output at <see cref="MinimumValue"/> (0.5 V for a 0.5-4.5 V transducer).</summary>
    public double MinimumVolts { get; set; } = 0.5;

    /// <summary>Analog input: sensor output at <see cref="MaximumValue"/>.</summary>
    public double MaximumVolts { get; set; } = 4.5;

    /// <summary>Analog input: engineering value at <see cref="MinimumVolts"/>.</summary>
    public double MinimumValue { get; set; }

    /// <summary>Analog input: engineering value at <see cref="MaximumVolts"/>.</summary>
    public double MaximumValue { get; set; } = 10;

    /// <summary>Analog input: unit of the engineering value (for example <c>bar</c>).</summary>
    public string Unit { get; set; } = "bar";

    /// <summary>Digital input: time a level must hold before it is believed.</summary>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Digital input: the signal is active when the pin is low (a switch to ground with a pull-up).</summary>
    public bool ActiveLow { get; set; }

    /// <summary>Pulse counter: pulses per shaft revolution (magnets, teeth or encoder lines).</summary>
    public double PulsesPerRevolution { get; set; } = 1;

    /// <summary>Pulse counter: with no edge for this long the shaft is reported stopped.</summary>
    public TimeSpan StoppedAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Consecutive identical samples after which a value is flagged stuck; 0 turns the check off.</summary>
    public int StuckAfterSamples { get; set; }
}
