using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace Edge.Hardware.Signal;

/// <summary>
/// Time and frequency features of a fixed-length acceleration window. Buffers are allocated once; one instance per sensor.
/// </summary>
public sealed class VibrationAnalyzer
{
    private readonly int _length;
    private readonly double _sampleRateHertz;
    private readonly double[] _bandEdgesHertz;
    private readonly double _velocityLowCutHertz;
    private readonly double[] _window;
    private readonly double _windowMeanSquare;
    private readonly Complex[] _spectrum;

    /// <param name="length">Samples per window, a power of two.</param>
    /// <param name="sampleRateHertz">Sampling rate.</param>
    /// <param name="bandEdgesHertz">Ascending band edges; band i spans [edge i, edge i+1).</param>
    /// <param name="velocityLowCutHertz">Lowest frequency integrated into velocity (ISO 10816 uses 10 Hz).</param>
    public VibrationAnalyzer(int length, double sampleRateHertz, IReadOnlyList<double> bandEdgesHertz, double velocityLowCutHertz = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 8);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRateHertz);
        ArgumentNullException.ThrowIfNull(bandEdgesHertz);
        if (!int.IsPow2(length))
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "The window length must be a power of two.");
        }

        _length = length;
        _sampleRateHertz = sampleRateHertz;
        _bandEdgesHertz = [.. bandEdgesHertz];
        _velocityLowCutHertz = velocityLowCutHertz;
        _spectrum = new Complex[length];

        // A Hann window keeps a tone between bins from leaking into the neighbouring bands; dividing the spectrum's
        // power by the window's mean square restores the signal's own power (Parseval).
        _window = new double[length];
        var sumSquares = 0.0;
        for (var i = 0; i < length; i++)
        {
            _window[i] = 0.5 - (0.5 * Math.Cos(2 * Math.PI * i / length));
            sumSquares += _window[i] * _window[i];
        }

        _windowMeanSquare = sumSquares / length;
    }

    public int Length => _length;

    public int BandCount => Math.Max(0, _bandEdgesHertz.Length - 1);

    public double BinWidthHertz => _sampleRateHertz / _length;

    /// <summary>Computes the features of <paramref name="samples"/> (acceleration in m/s^2, exactly <see cref="Length"/> long).</summary>
    public VibrationFeatures Analyze(ReadOnlySpan<double> samples)
    {
        if (samples.Length != _length)
        {
            throw new ArgumentException($"Expected {_length} samples, got {samples.Length}.", nameof(samples));
        }

        var mean = 0.0;
        foreach (var sample in samples)
        {
            mean += sample;
        }

        mean /= _length;
        double sumSquares = 0, sumFourth = 0, peak = 0;
        for (var i = 0; i < _length; i++)
        {
            var x = samples[i] - mean;
            var square = x * x;
            sumSquares += square;
            sumFourth += square * square;
            peak = Math.Max(peak, Math.Abs(x));
            _spectrum[i] = new Complex(x * _window[i], 0);
        }

        var meanSquare = sumSquares / _length;
        var rms = Math.Sqrt(meanSquare);
        var crest = rms > 0 ? peak / rms : 0;
        var kurtosis = meanSquare > 0 ? sumFourth / _length / (meanSquare * meanSquare) : 0;

        Fourier.Forward(_spectrum, FourierOptions.NoScaling);

        var bands = new double[BandCount];
        var binWidth = BinWidthHertz;
        var scale = 2.0 / ((double)_length * _length * _windowMeanSquare);
        double velocitySquares = 0, strongest = -1, dominant = 0;
        for (var k = 1; k < _length / 2; k++)
        {
            var power = _spectrum[k].Magnitude * _spectrum[k].Magnitude * scale;
            var frequency = k * binWidth;
            if (power > strongest)
            {
                strongest = power;
                dominant = frequency;
            }

            if (frequency >= _velocityLowCutHertz)
            {
                var omega = 2 * Math.PI * frequency;
                velocitySquares += power / (omega * omega);
            }

            for (var b = 0; b < bands.Length; b++)
            {
                if (frequency >= _bandEdgesHertz[b] && frequency < _bandEdgesHertz[b + 1])
                {
                    bands[b] += power;
                    break;
                }
            }
        }

        for (var b = 0; b < bands.Length; b++)
        {
            bands[b] = Math.Sqrt(bands[b]);
        }

        return new VibrationFeatures(rms, peak, crest, kurtosis, Math.Sqrt(velocitySquares) * 1000, dominant, bands);
    }

    /// <summary>Index of the band containing <paramref name="frequencyHertz"/>, or -1.</summary>
    public int BandOf(double frequencyHertz)
    {
        for (var b = 0; b < BandCount; b++)
        {
            if (frequencyHertz >= _bandEdgesHertz[b] && frequencyHertz < _bandEdgesHertz[b + 1])
            {
                return b;
            }
        }

        return -1;
    }
}
