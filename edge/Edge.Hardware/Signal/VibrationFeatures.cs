namespace Edge.Hardware.Signal;

/// <summary>Features of one vibration window, acceleration in m/s^2 with gravity and offset removed.</summary>
/// <param name="AccelerationRms">RMS acceleration (m/s^2).</param>
/// <param name="AccelerationPeak">Largest absolute acceleration (m/s^2).</param>
/// <param name="CrestFactor">Peak over RMS: about 1.41 for a sine, rising with impacts from a damaged bearing.</param>
/// <param name="Kurtosis">Fourth standardized moment: 1.5 for a sine, 3 for Gaussian noise, well above 3 for impacts.</param>
/// <param name="VelocityRmsMillimetersPerSecond">RMS velocity over the velocity band, the ISO 10816 severity measure.</param>
/// <param name="DominantFrequencyHertz">Frequency of the strongest FFT bin.</param>
/// <param name="BandRms">RMS acceleration (m/s^2) per configured band.</param>
public sealed record VibrationFeatures(
    double AccelerationRms,
    double AccelerationPeak,
    double CrestFactor,
    double Kurtosis,
    double VelocityRmsMillimetersPerSecond,
    double DominantFrequencyHertz,
    IReadOnlyList<double> BandRms);
