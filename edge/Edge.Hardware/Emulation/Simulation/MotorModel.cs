namespace Edge.Hardware.Emulation.Simulation;

/// <summary>
/// A three-phase induction motor driving the pump, seen by one CT clamp on one phase: supply current at mains frequency
/// whose RMS drifts up as friction from the wearing bearing loads it, and a shaft speed that slips slightly more.
/// </summary>
public sealed class MotorModel
{
    private readonly double _nominalAmperes;
    private readonly double _nominalRpm;
    private readonly double _mainsHertz;

    public MotorModel(double nominalAmperes = 12, double nominalRpm = 1470, double mainsHertz = 50)
    {
        _nominalAmperes = nominalAmperes;
        _nominalRpm = nominalRpm;
        _mainsHertz = mainsHertz;
    }

    public double RmsAmperes(double degradation) => _nominalAmperes * (1 + (0.25 * degradation));

    public double Rpm(double degradation) => _nominalRpm * (1 - (0.012 * degradation));

    /// <summary>Instantaneous phase current in amperes.</summary>
    public double InstantaneousAmperes(double seconds, double degradation) =>
        RmsAmperes(degradation) * Math.Sqrt(2) * Math.Sin(2 * Math.PI * _mainsHertz * seconds);
}
