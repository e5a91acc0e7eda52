using System.Device.Gpio;
using System.Device.I2c;
using System.Device.Spi;

namespace Edge.Hardware.Sensors;

/// <summary>The Pi's own buses through the kernel: <c>/dev/i2c-N</c>, <c>/dev/spidevB.C</c> and the GPIO character device.</summary>
public sealed class RealHardwareBuses : IHardwareBuses
{
    private readonly Lazy<GpioController> _gpio = new(() => new GpioController());

    public GpioController Gpio => _gpio.Value;

    public I2cDevice OpenI2c(int busId, int address) => I2cDevice.Create(new I2cConnectionSettings(busId, address));

    public SpiDevice OpenSpi(SpiConnectionSettings settings) => SpiDevice.Create(settings);

    public void Dispose()
    {
        if (_gpio.IsValueCreated)
        {
            _gpio.Value.Dispose();
        }
    }
}
