using Edge.Hardware.Sensors;
using Edge.Hardware.Signal;
using UnitsNet;
using UnitsNet.Units;

namespace Edge.Hardware.Mcp3008;

/// <summary>
/// Motor current from a CT clamp whose secondary drives a burden resistor biased at mid-rail into one MCP3008 channel.
/// Each step converts a burst of samples back to back and takes the RMS of their AC part:
/// primary amps = RMS volts at the burden / burden ohms x turns ratio.
/// </summary>
internal sealed class CurrentClampSensor : ISensor
{
    private static readonly string s_amperes = UnitAbbreviationsCache.Default.GetDefaultAbbreviation(ElectricCurrentUnit.Ampere);

    private readonly IHardwareBuses _buses;
    private readonly MeasurementDescriptor _current;
    private readonly StuckDetector _stuck;
    private Iot.Device.Adc.Mcp3008? _adc;

    public CurrentClampSensor(SensorSettings settings, IHardwareBuses buses)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(buses);
        Settings = settings;
        _buses = buses;
        _current = new MeasurementDescriptor(settings.Name, s_amperes);
        Measurements = [_current];
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
        var accumulator = new AcRmsAccumulator();
        for (var i = 0; i < Settings.BurstSamples; i++)
        {
            accumulator.Add(adc.Read(Settings.Channel));
        }

        var current = ToPrimaryAmperes(accumulator.AcRms, Settings);

        // A burst touching either rail clipped: the clamp is oversized for the burden or the bias is missing.
        var quality = accumulator.Minimum == 0 || accumulator.Maximum == Mcp3008Connection.Codes - 1
            ? MeasurementQuality.OutOfRange
            : MeasurementQualityRules.Assess(current, 0, double.MaxValue, _stuck);
        output.Add(new Measurement(_current.Name, current, _current.Unit, quality));
    }

    public void Dispose() => Close();

    /// <summary>Primary current for an RMS in ADC codes.</summary>
    public static double ToPrimaryAmperes(double rmsCodes, SensorSettings settings)
    {
        var burdenVolts = rmsCodes * settings.ReferenceVolts / Mcp3008Connection.Codes / settings.DividerRatio;
        return ElectricCurrent.FromAmperes(burdenVolts / settings.BurdenOhms * settings.TurnsRatio).Amperes;
    }
}
