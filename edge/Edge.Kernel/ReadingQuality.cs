namespace Edge.Kernel;

/// <summary>How far a reading can be trusted. Only <see cref="Good"/> readings enter window statistics.</summary>
public enum ReadingQuality
{
    Good = 0,
    OutOfRange,
    Stuck,
    SensorMissing,
    BusError,
}
