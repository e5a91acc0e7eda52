using System.Device.Gpio;
using Edge.Hardware.Sensors;

namespace Edge.Hardware.DigitalInputs;

/// <summary>
/// A debounced GPIO input such as a machine-running contact or a door switch. Edges arrive by callback; each sample also
/// polls the pin, so a missed edge cannot leave the state wrong. Reports 1 when active, 0 when not.
/// </summary>
internal sealed class DigitalInputSensor : ISensor
{
    private readonly IHardwareBuses _buses;
    private readonly TimeProvider _timeProvider;
    private readonly MeasurementDescriptor _state;
    private readonly long _origin;
    private readonly Lock _lock = new();
    private readonly PinChangeEventHandler _onEdge;
    private Debouncer? _debouncer;
    private bool _open;

    public DigitalInputSensor(SensorSettings settings, IHardwareBuses buses, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(buses);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Settings = settings;
        _buses = buses;
        _timeProvider = timeProvider;
        _origin = timeProvider.GetTimestamp();
        _state = new MeasurementDescriptor(settings.Name, "");
        Measurements = [_state];
        _onEdge = OnEdge;
    }

    public SensorSettings Settings { get; }

    public IReadOnlyList<MeasurementDescriptor> Measurements { get; }

    /// <summary>Debounced changes since the pin was opened.</summary>
    public long Transitions
    {
        get
        {
            lock (_lock)
            {
                return _debouncer?.Transitions ?? 0;
            }
        }
    }

    public void Open()
    {
        Close();
        var gpio = _buses.Gpio;

        // A switch to ground needs the SoC's pull-up; a driven signal (an opto-isolator output) needs none.
        var mode = Settings.ActiveLow && gpio.IsPinModeSupported(Settings.Pin, PinMode.InputPullUp) ? PinMode.InputPullUp : PinMode.Input;
        gpio.OpenPin(Settings.Pin, mode);
        lock (_lock)
        {
            _debouncer = new Debouncer(Settings.Debounce, IsActive(gpio.Read(Settings.Pin)), Now());
        }

        gpio.RegisterCallbackForPinValueChangedEvent(Settings.Pin, PinEventTypes.Rising | PinEventTypes.Falling, _onEdge);
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
            throw new InvalidOperationException("The digital input is not open.");
        }

        var level = IsActive(_buses.Gpio.Read(Settings.Pin));
        bool stable;
        lock (_lock)
        {
            _debouncer!.Observe(level, Now());
            stable = _debouncer.Evaluate(Now());
        }

        output.Add(new Measurement(_state.Name, stable ? 1 : 0, _state.Unit));
    }

    public void Dispose() => Close();

    private void OnEdge(object sender, PinValueChangedEventArgs args)
    {
        var level = IsActive(args.ChangeType == PinEventTypes.Rising ? PinValue.High : PinValue.Low);
        lock (_lock)
        {
            _debouncer?.Observe(level, Now());
        }
    }

    private bool IsActive(PinValue value) => (value == PinValue.High) != Settings.ActiveLow;

    private TimeSpan Now() => _timeProvider.GetElapsedTime(_origin);
}
