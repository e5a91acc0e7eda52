using System.Device.Spi;
using System.Numerics;
using Edge.Hardware.Adxl345;

namespace Edge.Hardware.Emulation;

/// <summary>
/// An ADXL345 at the register level behind the BCL's <see cref="SpiDevice"/> (Analog Devices datasheet Rev. G): the SPI
/// framing of Figures 37-39, DEVID, BW_RATE, POWER_CTL, DATA_FORMAT (10-bit and full resolution), and the 32-entry FIFO in
/// bypass or stream mode. While measuring, the part samples <see cref="Waveform"/> (acceleration in g over seconds) at the
/// output data rate on the clock of the given <see cref="TimeProvider"/>, so a test with a fake clock gets exact sample times.
/// </summary>
public sealed class Adxl345Emulator : SpiDevice
{
    private readonly byte[] _registers = new byte[Adxl345Registers.RegisterCount];
    private readonly short[] _fifo = new short[Adxl345Registers.FifoDepth * 3];
    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;
    private long _origin;
    private long _nextSample;
    private int _fifoStart;
    private int _fifoCount;
    private int _failNextTransfers;

    public Adxl345Emulator(SpiConnectionSettings settings, TimeProvider timeProvider, Func<double, Vector3> waveform)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(waveform);
        ConnectionSettings = settings;
        _timeProvider = timeProvider;
        Waveform = waveform;

        // Reset values, Table 19 (p. 23): DEVID 0xE5, BW_RATE 0x0A (100 Hz); the rest 0.
        _registers[Adxl345Registers.DeviceId] = Adxl345Registers.ExpectedDeviceId;
        _registers[Adxl345Registers.BandwidthRate] = 0x0A;
    }

    public override SpiConnectionSettings ConnectionSettings { get; }

    /// <summary>Acceleration in g on X, Y and Z at a time in seconds since measuring started.</summary>
    public Func<double, Vector3> Waveform { get; set; }

    /// <summary>When false no part drives MISO: every byte reads 0.</summary>
    public bool Present { get; set; } = true;

    /// <summary>Samples lost because the FIFO was full (stream mode keeps the newest 32).</summary>
    public long OverwrittenSamples { get; private set; }

    public void FailNextTransfers(int count)
    {
        lock (_lock)
        {
            _failNextTransfers = count;
        }
    }

    public override void Read(Span<byte> buffer) => buffer.Clear();

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Span<byte> ignored = stackalloc byte[buffer.Length];
        TransferFullDuplex(buffer, ignored);
    }

    public override void TransferFullDuplex(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        lock (_lock)
        {
            if (_failNextTransfers > 0)
            {
                _failNextTransfers--;
                throw new IOException("SPI transfer failed (emulated bus fault).");
            }

            readBuffer.Clear();
            if (!Present || writeBuffer.IsEmpty)
            {
                return;
            }

            AdvanceSampling();

            // First byte: R/W, MB, A5-A0; then data bytes, the address counting up when MB is set (Figures 37-39, p. 15).
            var command = writeBuffer[0];
            var read = (command & Adxl345Registers.ReadBit) != 0;
            var multiByte = (command & Adxl345Registers.MultiByteBit) != 0;
            var address = command & Adxl345Registers.AddressMask;
            var touchedData = false;
            for (var i = 1; i < writeBuffer.Length; i++)
            {
                var current = multiByte ? (address + i - 1) & Adxl345Registers.AddressMask : address;
                if (read)
                {
                    if (i < readBuffer.Length)
                    {
                        readBuffer[i] = ReadRegister(current);
                    }

                    touchedData |= current is >= Adxl345Registers.DataX0 and <= Adxl345Registers.DataZ1;
                }
                else
                {
                    WriteRegister(current, writeBuffer[i]);
                }
            }

            // In FIFO modes each read of the data registers moves the oldest entry out (section "Retrieving Data from FIFO", p. 22).
            if (touchedData && FifoMode != 0 && _fifoCount > 0)
            {
                _fifoStart = (_fifoStart + 1) % Adxl345Registers.FifoDepth;
                _fifoCount--;
            }
        }
    }

    private int FifoMode => _registers[Adxl345Registers.FifoControl] >> 6;

    private bool Measuring => (_registers[Adxl345Registers.PowerControl] & Adxl345Registers.Measure) != 0;

    private byte ReadRegister(int address)
    {
        if (address is >= Adxl345Registers.DataX0 and <= Adxl345Registers.DataZ1)
        {
            var axis = (address - Adxl345Registers.DataX0) / 2;
            var value = _fifo[(_fifoStart * 3) + axis];
            if (FifoMode != 0 && _fifoCount == 0)
            {
                value = 0;
            }

            // Data registers are two's complement, least significant byte first (p. 27).
            return (address & 1) == 0 ? (byte)value : (byte)(value >> 8);
        }

        return address switch
        {
            Adxl345Registers.FifoStatus => (byte)_fifoCount,

            // INT_SOURCE: DATA_READY (D7) when a sample waits, Overrun (D0) when the FIFO is full (p. 26).
            Adxl345Registers.InterruptSource => (byte)((_fifoCount > 0 ? 0x80 : 0) | (_fifoCount >= Adxl345Registers.FifoDepth ? 0x01 : 0)),
            _ => _registers[address],
        };
    }

    private void WriteRegister(int address, byte value)
    {
        switch (address)
        {
            case Adxl345Registers.PowerControl:
                var wasMeasuring = Measuring;
                _registers[address] = value;
                if (!wasMeasuring && Measuring)
                {
                    _origin = _timeProvider.GetTimestamp();
                    _nextSample = 0;
                }

                break;
            case Adxl345Registers.FifoControl:
                _registers[address] = value;
                _fifoStart = 0;
                _fifoCount = 0;
                break;
            case Adxl345Registers.DeviceId:
            case Adxl345Registers.FifoStatus:
            case Adxl345Registers.InterruptSource:
                break;
            default:
                if (address < 0x1D && address != 0)
                {
                    // 0x01-0x1C are reserved (Table 19): writes are ignored.
                    break;
                }

                _registers[address] = value;
                break;
        }
    }

    private void AdvanceSampling()
    {
        if (!Measuring)
        {
            return;
        }

        var rate = Adxl345Registers.OutputDataRate(_registers[Adxl345Registers.BandwidthRate]);
        var elapsed = _timeProvider.GetElapsedTime(_origin).TotalSeconds;
        var due = (long)Math.Floor(elapsed * rate) + 1;

        // Only the newest FIFO depth of samples can survive; older ones would be overwritten anyway.
        if (due - _nextSample > Adxl345Registers.FifoDepth)
        {
            OverwrittenSamples += due - _nextSample - Adxl345Registers.FifoDepth;
            _nextSample = due - Adxl345Registers.FifoDepth;
        }

        for (; _nextSample < due; _nextSample++)
        {
            Push(Waveform(_nextSample / rate));
        }
    }

    private void Push(Vector3 g)
    {
        int slot;
        if (FifoMode == 0)
        {
            // Bypass mode: the data registers hold the latest sample only.
            _fifoStart = 0;
            _fifoCount = 1;
            slot = 0;
        }
        else
        {
            if (_fifoCount == Adxl345Registers.FifoDepth)
            {
                _fifoStart = (_fifoStart + 1) % Adxl345Registers.FifoDepth;
                _fifoCount--;
                OverwrittenSamples++;
            }

            slot = (_fifoStart + _fifoCount) % Adxl345Registers.FifoDepth;
            _fifoCount++;
        }

        _fifo[slot * 3] = Quantize(g.X);
        _fifo[(slot * 3) + 1] = Quantize(g.Y);
        _fifo[(slot * 3) + 2] = Quantize(g.Z);
    }

    private short Quantize(float g)
    {
        // DATA_FORMAT: range D1:D0 = +-2/4/8/16 g; FULL_RES (D3) keeps 3.9 mg/LSB and widens the word up to 13 bits,
        // otherwise 10 bits span the range (Table 1, p. 3 and p. 27).
        var format = _registers[Adxl345Registers.DataFormat];
        var rangeG = 2 << (format & 0x03);
        var fullResolution = (format & 0x08) != 0;
        var bits = fullResolution ? 10 + (format & 0x03) : 10;
        var gPerLsb = fullResolution ? 1 / 256.0 : rangeG * 2.0 / 1024;
        var limit = (1 << (bits - 1)) - 1;
        var code = Math.Round(g / gPerLsb);
        return (short)Math.Clamp(code, -limit - 1, limit);
    }
}
