using Edge.Hardware.Sensors;

namespace Edge.Hardware.Mcp3008;

/// <summary>
/// A voltage-output sensor (for example a 0.5-4.5 V pressure transducer behind a divider) on one MCP3008 channel,
/// scaled linearly to its engineering unit. The live zero (0.5 V at the bottom of the range) tells a broken wire,
/// which reads near 0 V, from a real minimum.
/// </summary>
internal sealed class AnalogInputSensor : ISensor
{
    // Oversampling four conversions halves the quantization noise of a single 10-bit code.
    private const int Conversions = 4;

    private readonly IHardwareBuses _buses;
    private readonly MeasurementDescriptor _value;
    private readonly StuckDetector _stuck;
    private Iot.Device.Adc.Mcp3008? _adc;

    public AnalogInputSensor(SensorSettings settings, IHardwareBuses buses)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(buses);
        Settings = settings;
        _buses = buses;
        _value = new MeasurementDescriptor(settings.Name, settings.Unit);
        Measurements = [_value];
        _stuck = new StuckDetector(settings.StuckAfterSamples);
    }

    public SensorSettings Settings { get; }

    public IReadOnlyList<MeasurementDescriptor> Measurements { get; }

    public void Open()
    {
        Close();
        _adc = Mcp3008Connection.Open(_buses, Settings);
    }

    public void Close()
    {
        _adc?.Dispose();
        _adc = null;
    }

    public void Sample(List<Measurement> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var adc = _adc ?? throw new InvalidOperationException("The MCP3008 is not open.");
        var codes = 0;
        for (var i = 0; i < Conversions; i++)
        {
            codes += adc.Read(Settings.Channel);
        }

        var volts = SensorVolts(codes / (double)Conversions, Settings);
        var value = Scale(volts, Settings);
        output.Add(new Measurement(_value.Name, value, _value.Unit, Assess(volts, value)));
    }

    public void Dispose() => Close();

    /// <summary>Sensor output volts for a (mean) ADC code.</summary>
    public static double SensorVolts(double code, SensorSettings settings) =>
        code * settings.ReferenceVolts / Mcp3008Connection.Codes / settings.DividerRatio;

    /// <summary>Engineering value for sensor output volts: a straight line through the two configured points.</summary>
    public static double Scale(double volts, SensorSettings settings) =>
        settings.MinimumValue + ((volts - settings.MinimumVolts) / (settings.MaximumVolts - settings.MinimumVolts)
            * (settings.MaximumValue - settings.MinimumValue));

    private MeasurementQuality Assess(double volts, double value)
    {
        var span = Settings.MaximumVolts - Settings.MinimumVolts;
        if (volts < Settings.MinimumVolts / 2)
        {
            return MeasurementQuality.SensorMissing;
        }

        // Transducers overshoot their span slightly; beyond 5 % of it the reading is not believed.
        var low = Math.Min(Settings.MinimumValue, Settings.MaximumValue);
        var high = Math.Max(Settings.MinimumValue, Settings.MaximumValue);
        var margin = (high - low) * 0.05;
        var quality = MeasurementQualityRules.Assess(value, low - margin, high + margin, _stuck);
        return volts > Settings.MaximumVolts + (span * 0.05) ? MeasurementQuality.OutOfRange : quality;
    }
}
