using System.Device.Gpio;
using Edge.Hardware.Sensors;
using UnitsNet;
using UnitsNet.Units;

namespace Edge.Hardware.PulseCounter;

/// <summary>Shaft speed from a hall sensor or encoder: rising edges counted by GPIO callback, turned into RPM.</summary>
internal sealed class PulseCounterSensor : ISensor
{
    private static readonly string s_rpm =
        UnitAbbreviationsCache.Default.GetDefaultAbbreviation(RotationalSpeedUnit.RevolutionPerMinute);

    private readonly IHardwareBuses _buses;
    private readonly TimeProvider _timeProvider;
    private readonly long _origin;
    private readonly MeasurementDescriptor _speed;
    private readonly StuckDetector _stuck;
    private readonly PinChangeEventHandler _onEdge;
    private EdgeRateMeter _meter = new();
    private bool _open;

    public PulseCounterSensor(SensorSettings settings, IHardwareBuses buses, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(buses);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Settings = settings;
        _buses = buses;
        _timeProvider = timeProvider;
        _origin = timeProvider.GetTimestamp();
        _speed = new MeasurementDescriptor(settings.Name, s_rpm);
        Measurements = [_speed];
        _stuck = new StuckDetector(settings.StuckAfterSamples);
        _onEdge = OnEdge;
    }

    public SensorSettings Settings { get; }

    public IReadOnlyList<MeasurementDescriptor> Measurements { get; }

    public long Edges => _meter.Edges;

    public void Open()
    {
        Close();
        var gpio = _buses.Gpio;
        gpio.OpenPin(Settings.Pin, PinMode.Input);
        _meter = new EdgeRateMeter();
        gpio.RegisterCallbackForPinValueChangedEvent(Settings.Pin, PinEventTypes.Rising, _onEdge);
        _open = true;
    }

    public void Close()
    {
        if (!_open)
        {
            return;
        }

        _open = false;
        var gpio = _buses.Gpio;
        gpio.UnregisterCallbackForPinValueChangedEvent(Settings.Pin, _onEdge);
        gpio.ClosePin(Settings.Pin);
    }

    public void Sample(List<Measurement> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!_open)
        {
            throw new InvalidOperationException("The pulse input is not open.");
        }

        var hertz = _meter.Read(Now(), Settings.StoppedAfter);
        var rpm = RotationalSpeed.FromRevolutionsPerSecond(hertz / Settings.PulsesPerRevolution).RevolutionsPerMinute;
        output.Add(new Measurement(_speed.Name, rpm, _speed.Unit, MeasurementQualityRules.Assess(rpm, 0, double.MaxValue, _stuck)));
    }

    public void Dispose() => Close();

    private void OnEdge(object sender, PinValueChangedEventArgs args) => _meter.RecordEdge(Now());

    private TimeSpan Now() => _timeProvider.GetElapsedTime(_origin);
}
