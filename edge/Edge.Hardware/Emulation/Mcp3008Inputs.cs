namespace Edge.Hardware.Emulation;

/// <summary>
/// What is wired to the eight inputs of one emulated MCP3008: a voltage per channel as a function of time in seconds.
/// Shared by every <see cref="Mcp3008Emulator"/> opened on the same chip select.
/// </summary>
public sealed class Mcp3008Inputs
{
    private readonly Func<double, double>[] _channels = new Func<double, double>[8];

    public Mcp3008Inputs(double referenceVolts = 3.3)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(referenceVolts);
        ReferenceVolts = referenceVolts;
        for (var i = 0; i < _channels.Length; i++)
        {
            _channels[i] = static _ => 0;
        }
    }

    /// <summary>VREF: full scale of the conversion.</summary>
    public double ReferenceVolts { get; }

    /// <summary>
    /// Time one conversion takes on the bus: 24 clocks at 1 MHz plus the kernel's per-transfer overhead, about 50 us on a Pi.
    /// Back-to-back conversions advance the emulated time by this much even when the clock does not move (a fake clock).
    /// </summary>
    public TimeSpan ConversionTime { get; set; } = TimeSpan.FromMicroseconds(50);

    /// <summary>When false no part drives DOUT and the line floats high: every bit reads 1.</summary>
    public bool Present { get; set; } = true;

    public void SetChannel(int channel, Func<double, double> volts)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channel, 7);
        ArgumentNullException.ThrowIfNull(volts);
        _channels[channel] = volts;
    }

    public void SetChannel(int channel, double volts) => SetChannel(channel, _ => volts);

    internal double Volts(int channel, double seconds) => _channels[channel](seconds);
}
