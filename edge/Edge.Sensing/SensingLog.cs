namespace Edge.Sensing;

internal static partial class SensingLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Sensing in {Mode} mode: {SensorCount} sensors on {BusCount} buses")]
    public static partial void Starting(ILogger logger, HardwareMode mode, int sensorCount, int busCount);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning,
        Message = "Sensor {Sensor} ({Kind}) for machine {Machine} on {Bus} is missing: {Error} The gateway runs on without it; next attempt in {RetryIn}")]
    public static partial void SensorMissing(ILogger logger, string sensor, string kind, string machine, string bus, string? error, TimeSpan retryIn);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning,
        Message = "Sensor {Sensor} on {Bus} failed ({Failures} failures so far): {Error} Retrying in {RetryIn}")]
    public static partial void SensorFailed(ILogger logger, string sensor, string bus, long failures, string? error, TimeSpan retryIn);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Sensor {Sensor} on {Bus} is healthy")]
    public static partial void SensorHealthy(ILogger logger, string sensor, string bus);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning,
        Message = "The telemetry channel is full: {Refused} on-board readings dropped so far")]
    public static partial void ChannelFull(ILogger logger, long refused);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Error, Message = "Sampling {Sensor} on {Bus} threw unexpectedly; it is skipped for {RetryIn}")]
    public static partial void SamplingCrashed(ILogger logger, Exception exception, string sensor, string bus, TimeSpan retryIn);
}
