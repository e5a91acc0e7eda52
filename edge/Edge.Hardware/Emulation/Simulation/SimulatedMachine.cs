using System.Numerics;

namespace Edge.Hardware.Emulation.Simulation;

/// <summary>
/// One machine of the simulated plant: a pump whose bearing degrades linearly over <see cref="DegradationTime"/> from start,
/// with its motor, its discharge pressure and the climate of its control cabinet.
/// </summary>
public sealed class SimulatedMachine
{
    private readonly TimeProvider _timeProvider;
    private readonly long _start;
    private readonly BearingModel _bearing;
    private readonly MotorModel _motor = new();

    public SimulatedMachine(string machineId, TimeSpan degradationTime, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(machineId);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(degradationTime, TimeSpan.Zero);
        MachineId = machineId;
        DegradationTime = degradationTime;
        _timeProvider = timeProvider;
        _start = timeProvider.GetTimestamp();

        // A stable seed per machine keeps simulated runs comparable.
        var seed = 17;
        foreach (var character in machineId)
        {
            seed = (seed * 31) + character;
        }

        _bearing = new BearingModel(seed);
    }

    public string MachineId { get; }

    public TimeSpan DegradationTime { get; }

    /// <summary>Wear from 0 (new) to 1 (about to fail), at <paramref name="seconds"/> since start.</summary>
    public double Degradation(double seconds) => Math.Clamp(seconds / DegradationTime.TotalSeconds, 0, 1);

    public double SecondsNow => _timeProvider.GetElapsedTime(_start).TotalSeconds;

    /// <summary>Wear now.</summary>
    public double CurrentDegradation => Degradation(SecondsNow);

    /// <summary>Acceleration in g at <paramref name="seconds"/> on the sensor's own clock (which only sets the phase).</summary>
    public Vector3 VibrationG(double seconds)
    {
        var degradation = CurrentDegradation;
        return _bearing.Acceleration(seconds, _motor.Rpm(degradation) / 60, degradation);
    }

    public double Rpm => _motor.Rpm(CurrentDegradation);

    public double RmsAmperes => _motor.RmsAmperes(CurrentDegradation);

    /// <summary>Instantaneous phase current at <paramref name="seconds"/> on the sensor's own clock.</summary>
    public double PhaseAmperes(double seconds) => _motor.InstantaneousAmperes(seconds, CurrentDegradation);

    /// <summary>Discharge pressure in bar: the pump delivers a little less as it wears.</summary>
    public double DischargeBar => 4.2 - (0.5 * CurrentDegradation) + (0.05 * Math.Sin(SecondsNow / 7));

    public double CabinetCelsius => 27 + (4 * Degradation(SecondsNow)) + Math.Sin(SecondsNow / 600);

    public double CabinetPascals => 101_325 + (150 * Math.Sin(SecondsNow / 3600));

    public double CabinetHumidity => 45 + (5 * Math.Sin(SecondsNow / 900));
}
