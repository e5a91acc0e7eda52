using System.Device.Gpio;
using Edge.Hardware.DigitalInputs;
using Edge.Hardware.Emulation;
using Edge.Hardware.Sensors;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Hardware.Tests.DigitalInputs;

public sealed class DebounceTests
{
    private static readonly TimeSpan s_debounce = TimeSpan.FromMilliseconds(20);

    [Fact]
    public void Observe_ContactBounceThenSteady_OneTransition()
    {
        var debouncer = new Debouncer(s_debounce, initialLevel: false, TimeSpan.Zero);

        // A closing contact bounces for 3 ms, then holds.
        var at = TimeSpan.FromMilliseconds(100);
        for (var i = 0; i < 6; i++)
        {
            debouncer.Observe(i % 2 == 0, at);
            at += TimeSpan.FromMilliseconds(0.5);
        }

        debouncer.Observe(true, at);
        Assert.False(debouncer.Evaluate(at + TimeSpan.FromMilliseconds(19)));

        Assert.True(debouncer.Evaluate(at + TimeSpan.FromMilliseconds(20)));
        Assert.Equal(1, debouncer.Transitions);
    }

    [Fact]
    public void Observe_GlitchShorterThanDebounce_Ignored()
    {
        var debouncer = new Debouncer(s_debounce, initialLevel: true, TimeSpan.Zero);

        debouncer.Observe(false, TimeSpan.FromMilliseconds(50));
        debouncer.Observe(true, TimeSpan.FromMilliseconds(60));

        Assert.True(debouncer.Evaluate(TimeSpan.FromSeconds(1)));
        Assert.Equal(0, debouncer.Transitions);
    }

    [Fact]
    public void Sample_GuardSwitchThroughFakeGpio_ReportsDebouncedActiveLowState()
    {
        const int pin = 22;
        var clock = new FakeTimeProvider();
        using var driver = new EmulatedGpioDriver(clock);
        using var buses = new TestBuses(gpio: driver);
        driver.SetInputLevel(pin, PinValue.High);
        var settings = new SensorSettings
        {
            Name = "guard_closed", MachineId = "pump-01", Kind = SensorKind.DigitalInput, Pin = pin, ActiveLow = true, Debounce = s_debounce,
        };
        using var sensor = new DigitalInputSensor(settings, buses, clock);
        sensor.Open();
        var output = new List<Measurement>();
        sensor.Sample(output);
        Assert.Equal(0, output[0].Value);

        // The switch closes to ground with bounce.
        foreach (var level in new[] { PinValue.Low, PinValue.High, PinValue.Low, PinValue.High, PinValue.Low })
        {
            driver.SetInputLevel(pin, level);
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        output.Clear();
        sensor.Sample(output);
        Assert.Equal(0, output[0].Value);
        clock.Advance(TimeSpan.FromMilliseconds(25));
        output.Clear();
        sensor.Sample(output);

        Assert.Equal(1, output[0].Value);
        Assert.Equal(1, sensor.Transitions);
    }
}
