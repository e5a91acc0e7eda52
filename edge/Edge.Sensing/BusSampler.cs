using Edge.Hardware.Sensors;
using Edge.Ingest.Telemetry;
using Edge.Kernel;

namespace Edge.Sensing;

/// <summary>
/// The one owner of a bus: samples each sensor on it at its own interval on the <see cref="TimeProvider"/>'s monotonic clock,
/// measures how late each sample starts, and hands the readings to the <see cref="TelemetryChannel"/> without waiting
/// (a full channel drops the reading and counts it: a sampling loop must not stall behind the pipeline).
/// </summary>
internal sealed class BusSampler
{
    private readonly IReadOnlyList<SampledSensor> _sensors;
    private readonly TelemetryChannel _channel;
    private readonly SensingMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly TimeSpan _crashBackoff;
    private readonly List<Measurement> _buffer = [];
    private readonly long _origin;

    public BusSampler(
        string bus,
        IReadOnlyList<SampledSensor> sensors,
        TelemetryChannel channel,
        SensingMetrics metrics,
        TimeProvider timeProvider,
        ILogger logger,
        TimeSpan crashBackoff)
    {
        Bus = bus;
        _sensors = sensors;
        _channel = channel;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
        _crashBackoff = crashBackoff;
        _origin = timeProvider.GetTimestamp();

        // Spread the first slots over each interval: sensors on one bus run one after another, so two due together would
        // make the second wait out the first (a 2000-conversion CT burst takes about 100 ms).
        for (var i = 0; i < sensors.Count; i++)
        {
            sensors[i].Due = TimeSpan.FromTicks(sensors[i].Settings.Interval.Ticks * i / sensors.Count);
        }
    }

    public string Bus { get; }

    /// <summary>Time on this sampler's monotonic clock.</summary>
    public TimeSpan Elapsed => _timeProvider.GetElapsedTime(_origin);

    /// <summary>Samples until cancelled, sleeping until the next sensor is due.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            StepDue();
            var wait = NextDue() - Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Samples every sensor whose slot has come; returns how many readings were written.</summary>
    public int StepDue()
    {
        var written = 0;
        foreach (var sensor in _sensors)
        {
            var start = Elapsed;
            if (start < sensor.Due)
            {
                continue;
            }

            var lateness = start - sensor.Due;
            sensor.Jitter.Record(lateness);
            _metrics.Jitter(Bus, lateness);
            written += Sample(sensor);

            // Keep the schedule rather than drift: the next slot is one interval after this one, unless that has passed too.
            var interval = sensor.Settings.Interval;
            sensor.Due += interval;
            if (sensor.Due <= Elapsed)
            {
                sensor.Due = Elapsed + interval;
            }
        }

        return written;
    }

    private TimeSpan NextDue()
    {
        var next = TimeSpan.MaxValue;
        foreach (var sensor in _sensors)
        {
            next = sensor.Due < next ? sensor.Due : next;
        }

        return next;
    }

    private int Sample(SampledSensor sensor)
    {
        var supervisor = sensor.Supervisor;
        var settings = sensor.Settings;
        var previous = supervisor.Health;
        _buffer.Clear();
        SupervisorOutcome outcome;
        try
        {
            outcome = supervisor.Step(_buffer);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A bug or an unsupported platform (Real mode off a Pi): keep the bus loop and the host alive.
            SensingLog.SamplingCrashed(_logger, exception, settings.Name, Bus, _crashBackoff);
            _metrics.Failed(Bus);
            sensor.Due = Elapsed + _crashBackoff;
            return 0;
        }

        var retryIn = supervisor.NextAttempt - _timeProvider.GetUtcNow();
        switch (outcome)
        {
            case SupervisorOutcome.Missing:
                _metrics.Failed(Bus);
                if (previous != SensorHealth.Missing)
                {
                    SensingLog.SensorMissing(_logger, settings.Name, sensor.KindName, settings.MachineId, sensor.Wiring, supervisor.LastError, retryIn);
                }

                break;
            case SupervisorOutcome.Failed:
                _metrics.Failed(Bus);
                SensingLog.SensorFailed(_logger, settings.Name, sensor.Wiring, supervisor.FailureCount, supervisor.LastError, retryIn);
                break;
            case SupervisorOutcome.Recovered:
                SensingLog.SensorHealthy(_logger, settings.Name, sensor.Wiring);
                break;
            default:
                if (previous == SensorHealth.Starting && outcome == SupervisorOutcome.Sampled)
                {
                    SensingLog.SensorHealthy(_logger, settings.Name, sensor.Wiring);
                }

                break;
        }

        return Write(settings.MachineId);
    }

    private int Write(string machineId)
    {
        var written = 0;
        var timestamp = _timeProvider.GetUtcNow();
        foreach (var measurement in _buffer)
        {
            var reading = new Reading(machineId, measurement.Name, measurement.Value, timestamp, ToReadingQuality(measurement.Quality));
            if (_channel.TryWrite(reading))
            {
                written++;
            }
            else
            {
                _metrics.Refused();
                var refused = _metrics.RefusedTotal;
                if ((refused & (refused - 1)) == 0)
                {
                    // Logged at 1, 2, 4, 8... refusals: visible without flooding the journal.
                    SensingLog.ChannelFull(_logger, refused);
                }
            }
        }

        if (written > 0)
        {
            _metrics.Written(written);
        }

        return written;
    }

    /// <summary>Where a sensor is wired, as an engineer would look for it (for example <c>i2c-1 0x76</c>).</summary>
    public static string Describe(SensorSettings settings) => settings.Kind switch
    {
        SensorKind.Bme280 => $"i2c-{settings.Bus} 0x{settings.Address:X2}",
        SensorKind.Adxl345 => $"spi{settings.Bus}.{settings.ChipSelect}",
        SensorKind.CurrentClamp or SensorKind.AnalogInput => $"spi{settings.Bus}.{settings.ChipSelect} CH{settings.Channel}",
        _ => $"GPIO{settings.Pin}",
    };

    private static ReadingQuality ToReadingQuality(MeasurementQuality quality) => quality switch
    {
        MeasurementQuality.Good => ReadingQuality.Good,
        MeasurementQuality.OutOfRange => ReadingQuality.OutOfRange,
        MeasurementQuality.Stuck => ReadingQuality.Stuck,
        MeasurementQuality.SensorMissing => ReadingQuality.SensorMissing,
        _ => ReadingQuality.BusError,
    };
}
