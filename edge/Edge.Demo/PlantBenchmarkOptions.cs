namespace Edge.Demo;

/// <summary>The plants of <see cref="PlantBenchmark"/>: physics were tuned on the training seed only.</summary>
public sealed record PlantBenchmarkOptions
{
    public int TrainingSeed { get; init; } = 1;

    public int HeldOutSeed { get; init; } = 1001;

    /// <summary>Training plant: 100 machines x 1 year of hourly rows (the training-size figure, 876k rows).</summary>
    public int Machines { get; init; } = 100;

    public int Days { get; init; } = 365;

    /// <summary>Held-out plant: 30 other machines x 180 days.</summary>
    public int HeldOutMachines { get; init; } = 30;

    public int HeldOutDays { get; init; } = 180;

    public int Folds { get; init; } = 5;

    public double HorizonHours { get; init; } = 48;
}
