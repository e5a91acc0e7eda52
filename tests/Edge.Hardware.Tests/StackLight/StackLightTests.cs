using System.Device.Gpio;
using Edge.Hardware.Emulation;
using Edge.Hardware.StackLight;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Hardware.Tests.StackLight;

public sealed class StackLightTests
{
    private static readonly StackLightSettings s_settings = new() { Enabled = true, SelfTestStep = TimeSpan.FromMilliseconds(300) };

    [Fact]
    public void Show_RedAndBuzzer_DrivesActiveLowRelayInputs()
    {
        var clock = new FakeTimeProvider();
        using var driver = new EmulatedGpioDriver(clock);
        using var gpio = new GpioController(driver);
        using var light = new Edge.Hardware.StackLight.StackLight(gpio, s_settings, clock);
        light.Open();

        light.Show(StackLightLamps.Red | StackLightLamps.Buzzer);

        Assert.Equal(PinValue.Low, driver.OutputLevel(s_settings.RedPin));
        Assert.Equal(PinValue.Low, driver.OutputLevel(s_settings.BuzzerPin));
        Assert.Equal(PinValue.High, driver.OutputLevel(s_settings.GreenPin));
        Assert.Equal(PinValue.High, driver.OutputLevel(s_settings.AmberPin));
    }

    [Fact]
    public async Task SelfTestAsync_HealthyOutputs_PassesAndRestoresState()
    {
        var clock = new FakeTimeProvider();
        using var driver = new EmulatedGpioDriver(clock);
        using var gpio = new GpioController(driver);
        using var light = new Edge.Hardware.StackLight.StackLight(gpio, s_settings, clock);
        light.Open();
        light.Show(StackLightLamps.Green);

        var result = await RunSelfTestAsync(light, clock);

        Assert.True(result.Passed);
        Assert.Equal(StackLightLamps.Green, light.State);
        Assert.Equal(PinValue.Low, driver.OutputLevel(s_settings.GreenPin));
    }

    [Fact]
    public async Task SelfTestAsync_AmberDriverStuck_ReportsAmber()
    {
        var clock = new FakeTimeProvider();
        using var driver = new EmulatedGpioDriver(clock);
        using var gpio = new GpioController(driver);
        using var light = new Edge.Hardware.StackLight.StackLight(gpio, s_settings, clock);
        light.Open();
        driver.SetStuckOutput(s_settings.AmberPin, PinValue.High);

        var result = await RunSelfTestAsync(light, clock);

        Assert.Equal(StackLightLamps.Amber, result.Failed);
    }

    private static async Task<StackLightSelfTestResult> RunSelfTestAsync(Edge.Hardware.StackLight.StackLight light, FakeTimeProvider clock)
    {
        var task = light.SelfTestAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!task.IsCompleted && DateTime.UtcNow < deadline)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Yield();
        }

        return await task;
    }
}
