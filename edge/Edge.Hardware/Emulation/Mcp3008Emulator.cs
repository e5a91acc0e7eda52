using System.Device.Spi;

namespace Edge.Hardware.Emulation;

/// <summary>
/// An MCP3008 10-bit ADC behind the BCL's <see cref="SpiDevice"/>, emulated bit by bit as Microchip's datasheet (DS21295)
/// Figure 6-1 draws it: with CS low the part waits for the start bit on DIN, takes SGL/DIFF and D2-D0, samples for one clock,
/// drives a null bit and then B9..B0 MSB first (and B1..B9 LSB first if clocked further). One transfer is one CS-low frame.
/// </summary>
public sealed class Mcp3008Emulator : SpiDevice
{
    private readonly Mcp3008Inputs _inputs;
    private readonly TimeProvider _timeProvider;
    private readonly long _origin;
    private double _lastConversionSeconds = double.NegativeInfinity;

    public Mcp3008Emulator(SpiConnectionSettings settings, Mcp3008Inputs inputs, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ConnectionSettings = settings;
        _inputs = inputs;
        _timeProvider = timeProvider;
        _origin = timeProvider.GetTimestamp();
    }

    public override SpiConnectionSettings ConnectionSettings { get; }

    public override void Read(Span<byte> buffer)
    {
        Span<byte> zeros = stackalloc byte[buffer.Length];
        zeros.Clear();
        TransferFullDuplex(zeros, buffer);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Span<byte> ignored = stackalloc byte[buffer.Length];
        TransferFullDuplex(buffer, ignored);
    }

    public override void TransferFullDuplex(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        readBuffer.Clear();
        if (!_inputs.Present)
        {
            readBuffer.Fill(0xFF);
            return;
        }

        var bits = Math.Min(writeBuffer.Length, readBuffer.Length) * 8;
        var startBit = -1;
        var configuration = 0;
        var code = 0;
        for (var clock = 0; clock < bits; clock++)
        {
            var din = (writeBuffer[clock / 8] >> (7 - (clock % 8))) & 1;
            int dout;
            if (startBit < 0)
            {
                // Leading zeros before the start bit are ignored (section 6.1: the first clocks may precede the start bit).
                if (din == 1)
                {
                    startBit = clock;
                }

                continue;
            }

            var step = clock - startBit;
            if (step <= 4)
            {
                // SGL/DIFF then D2, D1, D0 (Table 5-2).
                configuration = (configuration << 1) | din;
                if (step == 4)
                {
                    code = Convert(configuration);
                }

                continue;
            }

            if (step == 5)
            {
                // Sample period: DOUT stays high-impedance.
                continue;
            }

            dout = step switch
            {
                6 => 0, // null bit
                <= 16 => (code >> (16 - step)) & 1, // B9 (step 7) .. B0 (step 16)
                <= 25 => (code >> (step - 16)) & 1, // B1 .. B9 LSB first (Figure 6-1)
                _ => 0,
            };
            if (dout == 1)
            {
                readBuffer[clock / 8] |= (byte)(0x80 >> (clock % 8));
            }
        }
    }

    private int Convert(int configuration)
    {
        var singleEnded = (configuration & 0x08) != 0;
        var select = configuration & 0x07;
        var seconds = Math.Max(_timeProvider.GetElapsedTime(_origin).TotalSeconds, _lastConversionSeconds + _inputs.ConversionTime.TotalSeconds);
        _lastConversionSeconds = seconds;
        double volts;
        if (singleEnded)
        {
            volts = _inputs.Volts(select, seconds);
        }
        else
        {
            // Pseudo-differential pairs: 000 is CH0 = IN+ / CH1 = IN-, 001 the reverse, and so on (Table 5-2).
            var pair = (select >> 1) * 2;
            var inverted = (select & 1) == 1;
            var plus = _inputs.Volts(inverted ? pair + 1 : pair, seconds);
            var minus = _inputs.Volts(inverted ? pair : pair + 1, seconds);
            volts = plus - minus;
        }

        // Digital output code = 1024 x VIN / VREF (equation 4-1), clamped to the 10-bit range.
        return (int)Math.Clamp(Math.Floor(1024 * volts / _inputs.ReferenceVolts), 0, 1023);
    }
}
