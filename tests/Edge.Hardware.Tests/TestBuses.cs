using System.Device.Gpio;
using System.Device.I2c;
using System.Device.Spi;
using Edge.Hardware.Emulation;
using Edge.Hardware.Sensors;

namespace Edge.Hardware.Tests;

/// <summary>Buses that hand out the emulators a test set up, so the test can reach into them.</summary>
internal sealed class TestBuses : IHardwareBuses
{
    private readonly Func<I2cConnectionSettings, I2cDevice>? _i2c;
    private readonly Func<SpiConnectionSettings, SpiDevice>? _spi;

    public TestBuses(
        Func<I2cConnectionSettings, I2cDevice>? i2c = null,
        Func<SpiConnectionSettings, SpiDevice>? spi = null,
        EmulatedGpioDriver? gpio = null)
    {
        _i2c = i2c;
        _spi = spi;
        GpioDriver = gpio;
        Gpio = gpio is null ? null! : new GpioController(gpio);
    }

    public EmulatedGpioDriver? GpioDriver { get; }

    public GpioController Gpio { get; }

    public int I2cOpens { get; private set; }

    public I2cDevice OpenI2c(int busId, int address)
    {
        I2cOpens++;
        return _i2c!(new I2cConnectionSettings(busId, address));
    }

    public SpiDevice OpenSpi(SpiConnectionSettings settings) => _spi!(settings);

    public void Dispose() => Gpio?.Dispose();
}
