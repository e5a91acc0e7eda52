namespace Edge.Hardware.Sensors;

/// <summary>
/// A configured on-board sensor that can be opened (probed) and sampled. The same classes read real buses and emulated ones:
/// what differs is the <see cref="IHardwareBuses"/> they are given.
/// </summary>
public interface ISensor : IDisposable
{
    SensorSettings Settings { get; }

    /// <summary>The measurements <see cref="Sample"/> produces.</summary>
    IReadOnlyList<MeasurementDescriptor> Measurements { get; }

    /// <summary>Opens the bus device and checks the part answers and is what was configured.</summary>
    /// <exception cref="IOException">The part did not answer or identified itself as another part.</exception>
    void Open();

    /// <summary>Releases the bus device; <see cref="Open"/> may be called again.</summary>
    void Close();

    /// <summary>Takes one sample (or one burst) and appends zero or more measurements to <paramref name="output"/>.</summary>
    void Sample(List<Measurement> output);
}
