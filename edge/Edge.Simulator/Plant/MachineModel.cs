namespace Edge.Simulator.Plant;

/// <summary>
/// A machine type: its sensors' baselines at full load and how long its components last relative to the others
/// (a life factor below 1 wears out sooner).
/// </summary>
public sealed record MachineModel(
    string Name,
    double TemperatureCelsius,
    double VibrationMillimetersPerSecond,
    double CurrentAmperes,
    double PressureBar,
    double BearingLife,
    double WindingLife,
    double SealLife)
{
    /// <summary>The plant's three pump models.</summary>
    public static IReadOnlyList<MachineModel> Catalog { get; } =
    [
        new("PX-100", 44, 1.6, 10, 4.8, 1.0, 1.0, 1.0),
        new("PX-200", 50, 2.0, 14, 5.5, 0.8, 1.2, 1.0),
        new("PX-300", 55, 2.4, 18, 6.2, 1.1, 0.9, 0.7),
    ];

    public double Life(int component) => component switch
    {
        PlantComponents.BearingIndex => BearingLife,
        PlantComponents.WindingIndex => WindingLife,
        _ => SealLife,
    };
}
