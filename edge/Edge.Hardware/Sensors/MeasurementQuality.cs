namespace Edge.Hardware.Sensors;

/// <summary>How far a measurement can be trusted.</summary>
public enum MeasurementQuality
{
    Good = 0,

    /// <summary>The value lies outside the configured or physical range of the sensor.</summary>
    OutOfRange,

    /// <summary>The value did not change over the configured number of samples: a frozen sensor or ADC.</summary>
    Stuck,

    /// <summary>The device did not answer or identified itself as something else.</summary>
    SensorMissing,

    /// <summary>A transfer on the bus failed.</summary>
    BusError,
}
