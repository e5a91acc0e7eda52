namespace Edge.Sensing;

/// <summary>Whether the on-board sensors are read from the Pi's buses or from emulators driven by a physical model.</summary>
public enum HardwareMode
{
    /// <summary>Emulated buses: the identical configuration runs on a laptop or in CI.</summary>
    Simulated,

    /// <summary>The Pi's I2C, SPI and GPIO through the kernel.</summary>
    Real,
}
