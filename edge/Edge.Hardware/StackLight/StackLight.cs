using System.Device.Gpio;

namespace Edge.Hardware.StackLight;

/// <summary>
/// A stack light (green, amber, red, buzzer) on GPIO outputs through a relay board. The alerting capability decides what
/// to show; this class only drives pins and checks them. Thread-safe.
/// </summary>
public sealed class StackLight : IDisposable
{
    private static readonly StackLightLamps[] s_outputs = [StackLightLamps.Green, StackLightLamps.Amber, StackLightLamps.Red, StackLightLamps.Buzzer];

    private readonly GpioController _gpio;
    private readonly StackLightSettings _settings;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();
    private bool _open;

    public StackLight(GpioController gpio, StackLightSettings settings, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(gpio);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _gpio = gpio;
        _settings = settings;
        _timeProvider = timeProvider;
    }

    /// <summary>What the outputs were last set to.</summary>
    public StackLightLamps State { get; private set; }

    /// <summary>Opens the four pins as outputs, all off.</summary>
    public void Open()
    {
        lock (_lock)
        {
            if (_open)
            {
                return;
            }

            foreach (var lamp in s_outputs)
            {
                _gpio.OpenPin(PinOf(lamp), PinMode.Output, Level(on: false));
            }

            _open = true;
            State = StackLightLamps.None;
        }
    }

    /// <summary>Switches each output on or off to match <paramref name="lamps"/>.</summary>
    public void Show(StackLightLamps lamps)
    {
        lock (_lock)
        {
            EnsureOpen();
            foreach (var lamp in s_outputs)
            {
                _gpio.Write(PinOf(lamp), Level(lamps.HasFlag(lamp)));
            }

            State = lamps;
        }
    }

    /// <summary>
    /// Switches each output on alone for <see cref="StackLightSettings.SelfTestStep"/>, reading every pin back on and off
    /// (a shorted or stuck driver reads the wrong level), then restores the previous state.
    /// </summary>
    public async Task<StackLightSelfTestResult> SelfTestAsync(CancellationToken cancellationToken)
    {
        var previous = State;
        var failed = StackLightLamps.None;
        try
        {
            foreach (var lamp in s_outputs)
            {
                Show(lamp);
                if (!ReadsBack(lamp, on: true))
                {
                    failed |= lamp;
                }

                await Task.Delay(_settings.SelfTestStep, _timeProvider, cancellationToken);
                Show(StackLightLamps.None);
                if (!ReadsBack(lamp, on: false))
                {
                    failed |= lamp;
                }
            }
        }
        finally
        {
            Show(previous);
        }

        return new StackLightSelfTestResult(failed);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (!_open)
            {
                return;
            }

            foreach (var lamp in s_outputs)
            {
                _gpio.Write(PinOf(lamp), Level(on: false));
                _gpio.ClosePin(PinOf(lamp));
            }

            _open = false;
        }
    }

    private bool ReadsBack(StackLightLamps lamp, bool on)
    {
        lock (_lock)
        {
            return _gpio.Read(PinOf(lamp)) == Level(on);
        }
    }

    private void EnsureOpen()
    {
        if (!_open)
        {
            throw new InvalidOperationException("The stack light is not open.");
        }
    }

    private PinValue Level(bool on) => on != _settings.ActiveLow ? PinValue.High : PinValue.Low;

    private int PinOf(StackLightLamps lamp) => lamp switch
    {
        StackLightLamps.Green => _settings.GreenPin,
        StackLightLamps.Amber => _settings.AmberPin,
        StackLightLamps.Red => _settings.RedPin,
        StackLightLamps.Buzzer => _settings.BuzzerPin,
        _ => throw new ArgumentOutOfRangeException(nameof(lamp), lamp, "Not a single stack light output."),
    };
}
