using System.Device.Spi;
using System.Globalization;
using Edge.Hardware.Sensors;
using Edge.Hardware.Signal;
using Iot.Device.Adxl345;
using UnitsNet;
using UnitsNet.Units;

namespace Edge.Hardware.Adxl345;

/// <summary>
/// Vibration from an ADXL345 on SPI. The part samples at the configured output data rate into its 32-entry FIFO in stream
/// mode; each step drains the FIFO through the dotnet/iot <see cref="Iot.Device.Adxl345.Adxl345"/> binding (every read of the
/// data registers pops one entry) and, once a window is full, emits its features.
/// </summary>
internal sealed class Adxl345Sensor : ISensor
{
    private static readonly double s_standardGravity = Acceleration.FromStandardGravity(1).MetersPerSecondSquared;
    private static readonly string s_metersPerSecondSquared =
        UnitAbbreviationsCache.Default.GetDefaultAbbreviation(AccelerationUnit.MeterPerSecondSquared);

    private readonly IHardwareBuses _buses;
    private readonly VibrationAnalyzer _analyzer;
    private readonly double[] _window;
    private readonly MeasurementDescriptor _velocity;
    private readonly MeasurementDescriptor _rms;
    private readonly MeasurementDescriptor _peak;
    private readonly MeasurementDescriptor _crest;
    private readonly MeasurementDescriptor _kurtosis;
    private readonly MeasurementDescriptor[] _bands;
    private readonly StuckDetector _stuck;
    private SpiDevice? _device;
    private Iot.Device.Adxl345.Adxl345? _binding;
    private int _filled;

    public Adxl345Sensor(SensorSettings settings, IHardwareBuses buses)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(buses);
        Settings = settings;
        _buses = buses;
        IReadOnlyList<double> edges = settings.BandEdgesHz.Count >= 2 ? settings.BandEdgesHz : DefaultBandEdges(settings.SampleRateHz);
        _analyzer = new VibrationAnalyzer(settings.WindowSamples, settings.SampleRateHz, edges);
        _window = new double[settings.WindowSamples];
        _velocity = new MeasurementDescriptor(settings.Name, "mm/s");
        _rms = new MeasurementDescriptor(settings.Name + "_acceleration_rms", s_metersPerSecondSquared);
        _peak = new MeasurementDescriptor(settings.Name + "_acceleration_peak", s_metersPerSecondSquared);
        _crest = new MeasurementDescriptor(settings.Name + "_crest_factor", "");
        _kurtosis = new MeasurementDescriptor(settings.Name + "_kurtosis", "");
        _bands = new MeasurementDescriptor[_analyzer.BandCount];
        for (var b = 0; b < _bands.Length; b++)
        {
            _bands[b] = new MeasurementDescriptor(
                string.Create(CultureInfo.InvariantCulture, $"{settings.Name}_band_{edges[b]:0.#}_{edges[b + 1]:0.#}hz"),
                s_metersPerSecondSquared);
        }

        Measurements = [_velocity, _rms, _peak, _crest, _kurtosis, .. _bands];
        _stuck = new StuckDetector(settings.StuckAfterSamples);
    }

    public SensorSettings Settings { get; }

    public IReadOnlyList<MeasurementDescriptor> Measurements { get; }

    /// <summary>Steps that found the FIFO full: samples were overwritten before they were read.</summary>
    public long FifoOverruns { get; private set; }

    public static IReadOnlyList<double> DefaultBandEdges(int sampleRateHertz)
    {
        var nyquist = sampleRateHertz / 2.0;
        return [10, nyquist / 8, nyquist / 4, nyquist / 2, nyquist];
    }

    public void Open()
    {
        Close();
        var device = _buses.OpenSpi(new SpiConnectionSettings(Settings.Bus, Settings.ChipSelect)
        {
            ClockFrequency = Math.Min(Settings.SpiClockHz, Iot.Device.Adxl345.Adxl345.SpiClockFrequency),
            Mode = Iot.Device.Adxl345.Adxl345.SpiMode,
        });
        try
        {
            // The binding does not check DEVID; a missing part reads as all zeros or all ones on a floating MISO.
            var id = ReadRegister(device, Adxl345Registers.DeviceId);
            if (id != Adxl345Registers.ExpectedDeviceId)
            {
                throw new IOException(
                    $"No ADXL345 answering at spi{Settings.Bus}.{Settings.ChipSelect}: DEVID 0x{id:X2}, expected 0xE5.");
            }

            WriteRegister(device, Adxl345Registers.BandwidthRate, Adxl345Registers.RateCode(Settings.SampleRateHz));
            WriteRegister(device, Adxl345Registers.FifoControl, Adxl345Registers.StreamMode);
            _binding = new Iot.Device.Adxl345.Adxl345(device, RangeOf(Settings.RangeG));
            _device = device;
            _filled = 0;
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    public void Close()
    {
        // The binding disposes the SPI device it was given.
        _binding?.Dispose();
        _binding = null;
        _device = null;
    }

    public void Sample(List<Measurement> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var binding = _binding ?? throw new InvalidOperationException("The ADXL345 is not open.");
        var device = _device!;

        // FIFO_STATUS bits 5-0: entries waiting (p. 27).
        var entries = ReadRegister(device, Adxl345Registers.FifoStatus) & 0x3F;
        if (entries >= Adxl345Registers.FifoDepth)
        {
            FifoOverruns++;
        }

        var axis = char.ToUpperInvariant(Settings.Axis);
        for (var i = 0; i < entries; i++)
        {
            var g = binding.Acceleration;
            var value = axis switch
            {
                'X' => g.X,
                'Y' => g.Y,
                _ => g.Z,
            };
            _window[_filled++] = value * s_standardGravity;
            if (_filled == _window.Length)
            {
                Emit(output);
                _filled = 0;
            }
        }
    }

    public void Dispose() => Close();

    private void Emit(List<Measurement> output)
    {
        var features = _analyzer.Analyze(_window);
        var fullScale = Settings.RangeG * s_standardGravity;
        var quality = MeasurementQualityRules.Assess(features.AccelerationRms, 0, fullScale, _stuck);

        // A peak at full scale means the part clipped: every feature of this window is then suspect.
        if (features.AccelerationPeak >= fullScale * 0.98)
        {
            quality = MeasurementQuality.OutOfRange;
        }

        output.Add(new Measurement(_velocity.Name, features.VelocityRmsMillimetersPerSecond, _velocity.Unit, quality));
        output.Add(new Measurement(_rms.Name, features.AccelerationRms, _rms.Unit, quality));
        output.Add(new Measurement(_peak.Name, features.AccelerationPeak, _peak.Unit, quality));
        output.Add(new Measurement(_crest.Name, features.CrestFactor, _crest.Unit, quality));
        output.Add(new Measurement(_kurtosis.Name, features.Kurtosis, _kurtosis.Unit, quality));
        for (var b = 0; b < _bands.Length; b++)
        {
            output.Add(new Measurement(_bands[b].Name, features.BandRms[b], _bands[b].Unit, quality));
        }
    }

    private static GravityRange RangeOf(int rangeG) => rangeG switch
    {
        2 => GravityRange.Range02,
        4 => GravityRange.Range04,
        8 => GravityRange.Range08,
        16 => GravityRange.Range16,
        _ => throw new ArgumentOutOfRangeException(nameof(rangeG), rangeG, "The ADXL345 range is 2, 4, 8 or 16 g."),
    };

    private static byte ReadRegister(SpiDevice device, byte register)
    {
        Span<byte> write = [(byte)(Adxl345Registers.ReadBit | register), 0];
        Span<byte> read = stackalloc byte[2];
        device.TransferFullDuplex(write, read);
        return read[1];
    }

    private static void WriteRegister(SpiDevice device, byte register, byte value)
    {
        ReadOnlySpan<byte> write = [register, value];
        device.Write(write);
    }
}
