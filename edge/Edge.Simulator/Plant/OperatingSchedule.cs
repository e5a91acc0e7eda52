namespace Edge.Simulator.Plant;

/// <summary>
/// What the operators ask of a machine: a load setpoint per job (40 to 100 %), each job lasting 4 to 48 hours, lower on
/// night shifts for machines that run them light. Every sensor moves with the load, so a model that does not normalise
/// for it confuses a busy machine with a failing one.
/// </summary>
internal sealed class OperatingSchedule
{
    private static readonly double[] s_setpoints = [0.4, 0.55, 0.7, 0.85, 1.0];

    private readonly bool _lightNights;
    private double _jobHoursLeft;
    private double _setpoint;

    public OperatingSchedule(Random random)
    {
        _lightNights = random.NextDouble() < 0.4;
        NextJob(random);
        _jobHoursLeft = random.NextUniform(0, _jobHoursLeft);
    }

    /// <summary>Advances by <paramref name="hours"/> and returns the load (0..1) at <paramref name="now"/>.</summary>
    public double Advance(double hours, DateTimeOffset now, Random random)
    {
        _jobHoursLeft -= hours;
        if (_jobHoursLeft <= 0)
        {
            NextJob(random);
        }

        var night = now.UtcDateTime.Hour is >= 22 or < 6;
        return _lightNights && night ? Math.Max(0.3, _setpoint - 0.2) : _setpoint;
    }

    private void NextJob(Random random)
    {
        _setpoint = s_setpoints[random.Next(s_setpoints.Length)];
        _jobHoursLeft = random.NextUniform(4, 48);
    }
}
