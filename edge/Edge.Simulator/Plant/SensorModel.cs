namespace Edge.Simulator.Plant;

/// <summary>
/// Sensors of one machine from its model, load, ambient temperature and component damage. Noise is given for a one-hour
/// mean (a history row); a shorter step gets proportionally more (sd / sqrt(hours)) so that the mean of a live window of
/// that many steps has the same spread as the hourly row. The machine's own baselines differ from its model's by a few
/// percent, so thresholds learned on one machine do not transfer without normalisation.
/// </summary>
internal sealed class SensorModel
{
    /// <summary>Probability that a sensor drops one reading (an empty cell in the history).</summary>
    private const double MissingProbability = 0.003;

    private readonly double _temperature;
    private readonly double _vibration;
    private readonly double _current;
    private readonly double _pressure;

    public SensorModel(MachineModel model, Random random)
    {
        _temperature = model.TemperatureCelsius * (1 + (0.04 * random.NextGaussian()));
        _vibration = model.VibrationMillimetersPerSecond * (1 + (0.08 * random.NextGaussian()));
        _current = model.CurrentAmperes * (1 + (0.05 * random.NextGaussian()));
        _pressure = model.PressureBar * (1 + (0.04 * random.NextGaussian()));
    }

    public void Read(Span<double> values, double load, DateTimeOffset now, ReadOnlySpan<double> damage, double hours, Random random)
    {
        var bearing = damage[PlantComponents.BearingIndex];
        var winding = damage[PlantComponents.WindingIndex];
        var seal = damage[PlantComponents.SealIndex];
        var noise = 1 / Math.Sqrt(Math.Min(1, Math.Max(hours, 1e-3)));
        var time = now.UtcDateTime;

        // Ambient: a daily cycle peaking mid-afternoon and a seasonal one peaking in July.
        var ambient = 18 + (4 * Math.Sin(2 * Math.PI * (time.Hour - 9) / 24.0)) + (6 * Math.Sin(2 * Math.PI * (time.DayOfYear - 110) / 365.0));

        // Transient knocks (a foreign body, a cavitation burst) that are not wear.
        var knock = random.NextDouble() < 0.01 * Math.Min(1, hours) ? 1.35 : 1.0;

        values[PlantSensors.TemperatureIndex] = (0.45 * ambient) + (_temperature * (0.55 + (0.45 * load)))
            + (12 * bearing * bearing) + (16 * winding * winding) + (0.9 * noise * random.NextGaussian());
        values[PlantSensors.VibrationIndex] = ((_vibration * (0.45 + (0.7 * load)) * (1 + (1.5 * bearing * bearing))) + (0.5 * seal * seal))
            * knock * (1 + (0.05 * noise * random.NextGaussian()));
        values[PlantSensors.CurrentIndex] = (_current * (0.35 + (0.75 * load)) * (1 + (0.22 * Math.Pow(winding, 1.5))))
            + (0.4 * bearing) + (0.25 * noise * random.NextGaussian());
        values[PlantSensors.PressureIndex] = (_pressure * (0.7 + (0.35 * load)) * (1 - (0.2 * Math.Pow(seal, 1.5))))
            + (0.06 * noise * random.NextGaussian());
        values[PlantSensors.LoadIndex] = (100 * load) + (0.5 * noise * random.NextGaussian());

        for (var i = 0; i < values.Length; i++)
        {
            if (random.NextDouble() < MissingProbability)
            {
                values[i] = double.NaN;
            }
        }
    }
}
