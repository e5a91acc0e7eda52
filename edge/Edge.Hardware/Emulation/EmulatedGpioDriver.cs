using System.Device.Gpio;

namespace Edge.Hardware.Emulation;

/// <summary>
/// A GPIO chip behind the BCL's <see cref="GpioDriver"/>: inputs are driven from outside (<see cref="SetInputLevel"/>, or a
/// square wave on a timer of the given <see cref="TimeProvider"/>, so a fake clock makes edge times exact), outputs keep what
/// was written unless a stuck fault is injected, and value-changed callbacks fire on the matching edges as the kernel's do.
/// </summary>
public sealed class EmulatedGpioDriver : GpioDriver
{
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();
    private readonly Dictionary<int, PinState> _pins = [];
    private readonly Dictionary<int, ITimer> _waves = [];

    public EmulatedGpioDriver(TimeProvider timeProvider, int pinCount = 28)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pinCount);
        _timeProvider = timeProvider;
        PinCount = pinCount;
    }

    protected override int PinCount { get; }

    /// <summary>Drives an input pin to <paramref name="level"/>, raising callbacks when the level changes.</summary>
    public void SetInputLevel(int pinNumber, PinValue level)
    {
        PinChangeEventHandler[] handlers;
        PinEventTypes change;
        lock (_lock)
        {
            var pin = State(pinNumber);
            if (pin.Input == level)
            {
                return;
            }

            pin.Input = level;
            change = level == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
            if (!pin.Open || pin.Mode == PinMode.Output)
            {
                return;
            }

            handlers = [.. pin.Callbacks.Where(c => (c.Events & change) != 0).Select(c => c.Handler)];
        }

        var args = new PinValueChangedEventArgs(change, pinNumber);
        foreach (var handler in handlers)
        {
            handler(this, args);
        }
    }

    /// <summary>
    /// Toggles an input at <paramref name="frequencyHertz"/> (one rising edge per period) from a timer of the time provider,
    /// until <see cref="StopSquareWave"/>. Each tick emits the edges due by then, so the mean frequency is exact even when
    /// the timer fires late or coarsely (real timers round to the millisecond); with a fake clock stepped by half periods
    /// every edge lands at its exact time. Replaces any wave already on the pin.
    /// </summary>
    public void StartSquareWave(int pinNumber, double frequencyHertz)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frequencyHertz);
        StopSquareWave(pinNumber);
        var halfPeriod = TimeSpan.FromSeconds(0.5 / frequencyHertz);
        var tick = halfPeriod < TimeSpan.FromMilliseconds(5) ? halfPeriod : TimeSpan.FromMilliseconds(5);
        var start = _timeProvider.GetTimestamp();
        var emitted = 0L;
        var timer = _timeProvider.CreateTimer(
            _ =>
            {
                var due = (long)Math.Floor(_timeProvider.GetElapsedTime(start).TotalSeconds * 2 * frequencyHertz);
                for (; emitted < due; emitted++)
                {
                    PinValue current;
                    lock (_lock)
                    {
                        current = State(pinNumber).Input;
                    }

                    SetInputLevel(pinNumber, current == PinValue.High ? PinValue.Low : PinValue.High);
                }
            },
            null,
            tick,
            tick);
        lock (_lock)
        {
            _waves[pinNumber] = timer;
        }
    }

    public void StopSquareWave(int pinNumber)
    {
        ITimer? timer;
        lock (_lock)
        {
            _waves.Remove(pinNumber, out timer);
        }

        timer?.Dispose();
    }

    /// <summary>Makes an output read back <paramref name="level"/> whatever is written (a welded relay, a shorted driver).</summary>
    public void SetStuckOutput(int pinNumber, PinValue? level)
    {
        lock (_lock)
        {
            State(pinNumber).StuckOutput = level;
        }
    }

    /// <summary>The level last written to an output.</summary>
    public PinValue OutputLevel(int pinNumber)
    {
        lock (_lock)
        {
            return State(pinNumber).Output;
        }
    }

    protected override void OpenPin(int pinNumber)
    {
        lock (_lock)
        {
            var pin = State(pinNumber);
            if (pin.Open)
            {
                throw new InvalidOperationException($"GPIO {pinNumber} is already open.");
            }

            pin.Open = true;
        }
    }

    protected override void ClosePin(int pinNumber)
    {
        lock (_lock)
        {
            var pin = State(pinNumber);
            pin.Open = false;
            pin.Callbacks.Clear();
        }
    }

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        lock (_lock)
        {
            State(pinNumber).Mode = mode;
        }
    }

    protected override PinMode GetPinMode(int pinNumber)
    {
        lock (_lock)
        {
            return State(pinNumber).Mode;
        }
    }

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) =>
        mode is PinMode.Input or PinMode.Output or PinMode.InputPullUp or PinMode.InputPullDown;

    protected override PinValue Read(int pinNumber)
    {
        lock (_lock)
        {
            var pin = State(pinNumber);
            return pin.Mode == PinMode.Output ? pin.StuckOutput ?? pin.Output : pin.Input;
        }
    }

    protected override void Write(int pinNumber, PinValue value)
    {
        lock (_lock)
        {
            State(pinNumber).Output = value;
        }
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken)
    {
        using var signal = new ManualResetEventSlim();
        var result = new WaitForEventResult { TimedOut = true };
        void Handler(object sender, PinValueChangedEventArgs args)
        {
            result = new WaitForEventResult { EventTypes = args.ChangeType, TimedOut = false };
            signal.Set();
        }

        AddCallbackForPinValueChangedEvent(pinNumber, eventTypes, Handler);
        try
        {
            signal.Wait(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // A cancelled wait reports a timeout, as the kernel driver does.
        }
        finally
        {
            RemoveCallbackForPinValueChangedEvent(pinNumber, Handler);
        }

        return result;
    }

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        lock (_lock)
        {
            State(pinNumber).Callbacks.Add((eventTypes, callback));
        }
    }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        lock (_lock)
        {
            State(pinNumber).Callbacks.RemoveAll(c => c.Handler == callback);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ITimer[] timers;
            lock (_lock)
            {
                timers = [.. _waves.Values];
                _waves.Clear();
            }

            foreach (var timer in timers)
            {
                timer.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private PinState State(int pinNumber)
    {
        if (pinNumber < 0 || pinNumber >= PinCount)
        {
            throw new ArgumentOutOfRangeException(nameof(pinNumber), pinNumber, $"The emulated chip has pins 0-{PinCount - 1}.");
        }

        if (!_pins.TryGetValue(pinNumber, out var pin))
        {
            pin = new PinState();
            _pins[pinNumber] = pin;
        }

        return pin;
    }

    private sealed class PinState
    {
        public bool Open { get; set; }

        public PinMode Mode { get; set; } = PinMode.Input;

        public PinValue Input { get; set; } = PinValue.Low;

        public PinValue Output { get; set; } = PinValue.Low;

        public PinValue? StuckOutput { get; set; }

        public List<(PinEventTypes Events, PinChangeEventHandler Handler)> Callbacks { get; } = [];
    }
}
