using System.Device.Gpio;
using System.Device.I2c;
using System.Device.Spi;

namespace Edge.Hardware.Sensors;

/// <summary>
/// Where sensors get their bus devices: the Pi's kernel drivers (<see cref="RealHardwareBuses"/>) or register-level emulators
/// (<see cref="Emulation.SimulatedHardwareBuses"/>). Everything above this seam is the same code in both modes.
/// </summary>
public interface IHardwareBuses : IDisposable
{
    I2cDevice OpenI2c(int busId, int address);

    SpiDevice OpenSpi(SpiConnectionSettings settings);

    /// <summary>The one GPIO controller of the process; sensors open and close their own pins on it.</summary>
    GpioController Gpio { get; }
}
