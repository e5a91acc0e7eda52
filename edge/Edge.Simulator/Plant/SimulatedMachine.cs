namespace Edge.Simulator.Plant;

/// <summary>
/// A machine whose bearing and motor wear out: vibration and current climb with a growing health index, temperature
/// follows, and noise sits on top. <see cref="Health"/> falls from 1 (new) to 0 (failed); at 0 the machine is repaired.
/// </summary>
public sealed class SimulatedMachine
{
    private readonly Random _random;
    private readonly double _wearPerStep;

    public SimulatedMachine(string machineId, int seed, double wearPerStep)
    {
        MachineId = machineId;
        _random = new Random(seed);
        _wearPerStep = wearPerStep;
        Health = 1.0 - (_random.NextDouble() * 0.5);
    }

    public string MachineId { get; }

    /// <summary>1 = new, 0 = failed.</summary>
    public double Health { get; private set; }

    public long Sequence { get; private set; }

    /// <summary>Advances one step and returns the sensor readings of that step.</summary>
    public IReadOnlyDictionary<string, double> Step()
    {
        Health -= _wearPerStep * (0.5 + _random.NextDouble());
        if (Health <= 0)
        {
            Health = 1.0; // Repaired after failure.
        }

        Sequence++;
        var wear = 1.0 - Health;
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["temperature"] = 55 + (25 * wear * wear) + Noise(0.8),
            ["vibration"] = 1.8 + (6 * wear * wear * wear) + Noise(0.15),
            ["current"] = 12 + (4 * wear) + Noise(0.3),
            ["pressure"] = 5.2 - (0.8 * wear) + Noise(0.05),
        };
    }

    private double Noise(double scale)
    {
        // Box-Muller: Gaussian noise from two uniforms.
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return scale * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
