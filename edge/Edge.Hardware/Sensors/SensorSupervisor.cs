namespace Edge.Hardware.Sensors;

/// <summary>
/// Keeps one sensor going: opens it, samples it, and on failure closes it, counts the failure and retries after a backoff.
/// A missing or failing part yields readings flagged <see cref="MeasurementQuality.SensorMissing"/> or
/// <see cref="MeasurementQuality.BusError"/>, never an exception. Not thread-safe: the bus's sampling service owns it.
/// </summary>
public sealed class SensorSupervisor : IDisposable
{
    private readonly TimeProvider _timeProvider;
    private readonly BackoffPolicy _backoff;
    private readonly List<Measurement> _scratch = [];
    private readonly Lock _snapshotLock = new();
    private Measurement[] _latest = [];
    private bool _open;
    private int _consecutiveFailures;
    private DateTimeOffset _nextAttempt = DateTimeOffset.MinValue;

    public SensorSupervisor(ISensor sensor, TimeProvider timeProvider, BackoffPolicy backoff)
    {
        ArgumentNullException.ThrowIfNull(sensor);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(backoff);
        Sensor = sensor;
        _timeProvider = timeProvider;
        _backoff = backoff;
    }

    public ISensor Sensor { get; }

    public SensorHealth Health { get; private set; } = SensorHealth.Starting;

    /// <summary>Failed opens and failed samples since start.</summary>
    public long FailureCount { get; private set; }

    public long SampleCount { get; private set; }

    /// <summary>Message of the last failure (no payload data), for logs and <c>sensors list</c>.</summary>
    public string? LastError { get; private set; }

    /// <summary>When the next attempt is due after a failure.</summary>
    public DateTimeOffset NextAttempt => _nextAttempt;

    /// <summary>The measurements of the last step that produced any (a copy, safe to read from another thread).</summary>
    public IReadOnlyList<Measurement> Latest
    {
        get
        {
            lock (_snapshotLock)
            {
                return _latest;
            }
        }
    }

    /// <summary>Opens (if needed) and samples the sensor, appending what it measured to <paramref name="output"/>.</summary>
    public SupervisorOutcome Step(List<Measurement> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var now = _timeProvider.GetUtcNow();
        if (now < _nextAttempt)
        {
            return SupervisorOutcome.Waiting;
        }

        if (!_open)
        {
            try
            {
                Sensor.Open();
                _open = true;
            }
            catch (Exception exception) when (IsHardwareFault(exception))
            {
                return Fail(now, exception, SensorHealth.Missing, MeasurementQuality.SensorMissing, output);
            }
        }

        _scratch.Clear();
        try
        {
            Sensor.Sample(_scratch);
        }
        catch (Exception exception) when (IsHardwareFault(exception))
        {
            CloseQuietly();
            return Fail(now, exception, SensorHealth.Failing, MeasurementQuality.BusError, output);
        }

        var recovered = _consecutiveFailures > 0;
        _consecutiveFailures = 0;
        Health = SensorHealth.Healthy;
        SampleCount++;
        if (_scratch.Count > 0)
        {
            output.AddRange(_scratch);
            Publish(_scratch);
        }

        return recovered ? SupervisorOutcome.Recovered : SupervisorOutcome.Sampled;
    }

    public void Dispose()
    {
        CloseQuietly();
        Sensor.Dispose();
    }

    private SupervisorOutcome Fail(
        DateTimeOffset now, Exception exception, SensorHealth health, MeasurementQuality quality, List<Measurement> output)
    {
        _consecutiveFailures++;
        FailureCount++;
        Health = health;
        LastError = exception.Message;
        _nextAttempt = now + _backoff.DelayAfter(_consecutiveFailures);
        _scratch.Clear();
        foreach (var descriptor in Sensor.Measurements)
        {
            _scratch.Add(new Measurement(descriptor.Name, double.NaN, descriptor.Unit, quality));
        }

        output.AddRange(_scratch);
        Publish(_scratch);
        return health == SensorHealth.Missing ? SupervisorOutcome.Missing : SupervisorOutcome.Failed;
    }

    private void Publish(List<Measurement> measurements)
    {
        var copy = measurements.ToArray();
        lock (_snapshotLock)
        {
            _latest = copy;
        }
    }

    private void CloseQuietly()
    {
        if (!_open)
        {
            return;
        }

        _open = false;
        try
        {
            Sensor.Close();
        }
        catch (Exception exception) when (IsHardwareFault(exception))
        {
            // Closing a part that just failed may fail too; the failure that led here is already counted and reported.
        }
    }

    // Bus drivers report a missing ACK or a kernel error as IOException; the MCP3xxx binding reports a bad frame as
    // InvalidOperationException; a pin already in use as InvalidOperationException too. Anything else is a bug and propagates.
    private static bool IsHardwareFault(Exception exception) =>
        exception is IOException or InvalidOperationException or TimeoutException or UnauthorizedAccessException;
}
