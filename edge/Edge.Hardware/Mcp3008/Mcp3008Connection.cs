using System.Device.Spi;
using Edge.Hardware.Sensors;

namespace Edge.Hardware.Mcp3008;

/// <summary>Opens an MCP3008 through the dotnet/iot binding and checks that something answers.</summary>
internal static class Mcp3008Connection
{
    /// <summary>Full-scale code count: the ADC is 10-bit, code = 1024 x VIN / VREF (MCP3008 datasheet equation 4-1, p. 17).</summary>
    public const int Codes = 1024;

    public static Iot.Device.Adc.Mcp3008 Open(IHardwareBuses buses, SensorSettings settings)
    {
        // SPI modes 0,0 and 1,1 are both supported (datasheet section 6.1, p. 21); the clock is capped by the supply voltage.
        var device = buses.OpenSpi(new SpiConnectionSettings(settings.Bus, settings.ChipSelect)
        {
            ClockFrequency = settings.SpiClockHz,
            Mode = SpiMode.Mode0,
        });
        var binding = new Iot.Device.Adc.Mcp3008(device);
        try
        {
            // SPI has no acknowledge: with no part, MISO floats or is pulled high and the null bit before B9 (Figure 6-1)
            // reads 1, which the binding rejects as invalid data.
            binding.Read(settings.Channel);
            return binding;
        }
        catch (InvalidOperationException exception)
        {
            binding.Dispose();
            throw new IOException(
                $"No MCP3008 answering at spi{settings.Bus}.{settings.ChipSelect} (channel {settings.Channel}): {exception.Message}",
                exception);
        }
        catch
        {
            binding.Dispose();
            throw;
        }
    }
}
