using System.Device.I2c;

namespace Edge.Hardware.Emulation;

/// <summary>
/// A BME280 at the register level behind the BCL's <see cref="I2cDevice"/>: chip id, NVM trimming parameters, control
/// registers, forced and normal mode, skipped measurements and soft reset, as the Bosch datasheet (BST-BME280-DS002) describes.
/// The raw ADC values come from <see cref="SetRaw"/> or, inverted through the compensation formulas, from <see cref="SetClimate"/>.
/// Faults: <see cref="Present"/> = false answers nothing (as a missing ACK: <see cref="IOException"/>),
/// <see cref="ChipId"/> impersonates another part, <see cref="FailNextTransfers"/> breaks transfers mid-run.
/// </summary>
public sealed class Bme280Emulator : I2cDevice
{
    // Register addresses, datasheet Table 18 (p. 27).
    private const byte ChipIdRegister = 0xD0;
    private const byte ResetRegister = 0xE0;
    private const byte ControlHumidity = 0xF2;
    private const byte Status = 0xF3;
    private const byte ControlMeasurement = 0xF4;
    private const byte Config = 0xF5;
    private const byte PressureMsb = 0xF7;
    private const byte ResetCommand = 0xB6;

    // A skipped measurement reads 0x80000 (temperature, pressure) or 0x8000 (humidity), section 5.4.5-5.4.7 and Table 18.
    private const int SkippedRaw20 = 0x80000;
    private const int SkippedRaw16 = 0x8000;

    private readonly byte[] _registers = new byte[256];
    private readonly Lock _lock = new();
    private readonly Bme280Calibration _calibration;
    private byte _pointer;
    private int _humidityOversamplingLatched;
    private int _rawTemperature = SkippedRaw20;
    private int _rawPressure = SkippedRaw20;
    private int _rawHumidity = SkippedRaw16;
    private int _failNextTransfers;

    public Bme280Emulator(I2cConnectionSettings settings, Bme280Calibration calibration)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(calibration);
        ConnectionSettings = settings;
        _calibration = calibration;
        PowerOnReset();
    }

    public override I2cConnectionSettings ConnectionSettings { get; }

    /// <summary>When false nothing acknowledges the address: every transfer throws as the kernel's i2c-dev does (ENXIO).</summary>
    public bool Present { get; set; } = true;

    /// <summary>Value of the id register; 0x60 for a BME280 (section 5.4.1), 0x58 for a BMP280.</summary>
    public byte ChipId { get; set; } = 0x60;

    /// <summary>When set, each conversion asks it for the climate (degC, Pa, %RH) instead of using the last values set.</summary>
    public Func<(double Celsius, double Pascals, double PercentHumidity)>? ClimateSource { get; set; }

    /// <summary>Transfers completed, for tests that count bus traffic.</summary>
    public long Transfers { get; private set; }

    /// <summary>Makes the next <paramref name="count"/> transfers fail as a disturbed bus does.</summary>
    public void FailNextTransfers(int count)
    {
        lock (_lock)
        {
            _failNextTransfers = count;
        }
    }

    /// <summary>Sets the raw 20-bit temperature and pressure and 16-bit humidity the next conversion yields.</summary>
    public void SetRaw(int temperature, int pressure, int humidity)
    {
        lock (_lock)
        {
            _rawTemperature = temperature;
            _rawPressure = pressure;
            _rawHumidity = humidity;
        }
    }

    /// <summary>Sets the climate the part sits in; the raw values are found by inverting the compensation formulas.</summary>
    public void SetClimate(double celsius, double pascals, double percentHumidity)
    {
        var rawT = Invert(raw => _calibration.CompensateTemperature(raw).Celsius, celsius, increasing: true);
        var fine = _calibration.CompensateTemperature(rawT).TemperatureFine;
        var rawP = Invert(raw => _calibration.CompensatePressure(raw, fine), pascals, increasing: false);
        var rawH = Invert(raw => _calibration.CompensateHumidity(raw, fine), percentHumidity, increasing: true, maximum: 0xFFFF);
        SetRaw(rawT, rawP, rawH);
    }

    public override void Read(Span<byte> buffer)
    {
        lock (_lock)
        {
            BeginTransfer();
            for (var i = 0; i < buffer.Length; i++)
            {
                buffer[i] = ReadRegister(_pointer);
                _pointer++;
            }
        }
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        lock (_lock)
        {
            BeginTransfer();
            if (buffer.IsEmpty)
            {
                return;
            }

            // A write is the register pointer, or pairs of register address and data (section 6.2.1).
            _pointer = buffer[0];
            for (var i = 0; i + 1 < buffer.Length; i += 2)
            {
                WriteRegister(buffer[i], buffer[i + 1]);
            }
        }
    }

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        Write(writeBuffer);
        Read(readBuffer);
    }

    private void BeginTransfer()
    {
        if (!Present)
        {
            throw new IOException($"Error 6 performing I2C data transfer: no device at address 0x{ConnectionSettings.DeviceAddress:X2}.");
        }

        if (_failNextTransfers > 0)
        {
            _failNextTransfers--;
            throw new IOException("Error 121 performing I2C data transfer (remote I/O error).");
        }

        Transfers++;
    }

    private byte ReadRegister(byte address)
    {
        // In normal mode the part converts continuously: the data registers always hold a recent result.
        if (address >= PressureMsb && (_registers[ControlMeasurement] & 0x03) == 0x03)
        {
            Convert();
        }

        return address == ChipIdRegister ? ChipId : _registers[address];
    }

    private void WriteRegister(byte address, byte value)
    {
        switch (address)
        {
            case ResetRegister when value == ResetCommand:
                PowerOnReset();
                break;
            case ControlHumidity:
                // Changes to ctrl_hum only take effect after a write to ctrl_meas (section 5.4.3).
                _registers[ControlHumidity] = (byte)(value & 0x07);
                break;
            case ControlMeasurement:
                _registers[ControlMeasurement] = value;
                _humidityOversamplingLatched = _registers[ControlHumidity] & 0x07;
                if ((value & 0x03) is 0x01 or 0x02)
                {
                    // Forced mode: one conversion, then back to sleep (section 3.3.3).
                    Convert();
                    _registers[ControlMeasurement] = (byte)(value & 0xFC);
                }

                break;
            case Config:
                _registers[Config] = value;
                break;
            default:
                // Calibration, id and data registers are read-only.
                break;
        }
    }

    private void Convert()
    {
        if (ClimateSource is { } source)
        {
            var (celsius, pascals, percent) = source();
            SetClimate(celsius, pascals, percent);
        }

        var control = _registers[ControlMeasurement];
        var temperature = (control >> 5) == 0 ? SkippedRaw20 : _rawTemperature;
        var pressure = ((control >> 2) & 0x07) == 0 ? SkippedRaw20 : _rawPressure;
        var humidity = _humidityOversamplingLatched == 0 ? SkippedRaw16 : _rawHumidity;

        // press_msb/lsb/xlsb and temp_msb/lsb/xlsb hold 20 bits MSB first, the lowest four in xlsb[7:4] (Table 29-30).
        Store20(PressureMsb, pressure);
        Store20(0xFA, temperature);
        _registers[0xFD] = (byte)(humidity >> 8);
        _registers[0xFE] = (byte)humidity;
        _registers[Status] = 0;
    }

    private void Store20(int address, int raw)
    {
        _registers[address] = (byte)(raw >> 12);
        _registers[address + 1] = (byte)(raw >> 4);
        _registers[address + 2] = (byte)((raw & 0x0F) << 4);
    }

    private void PowerOnReset()
    {
        Array.Clear(_registers);
        _calibration.WriteTo(_registers);
        Store20(PressureMsb, SkippedRaw20);
        Store20(0xFA, SkippedRaw20);
        _registers[0xFD] = 0x80;
        _registers[0xFE] = 0x00;
        _humidityOversamplingLatched = 0;
        _pointer = 0;
    }

    private static int Invert(Func<int, double> compensate, double target, bool increasing, int maximum = 0xFFFFF)
    {
        int low = 0, high = maximum;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            var value = compensate(middle);
            if (increasing ? value < target : value > target)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
