namespace Edge.Demo;

/// <summary>The plants of <see cref="PlantBenchmark"/>: physics were tuned on the training seed only.</summary>
public sealed record PlantBenchmarkOptions
{
    public int TrainingSeed { get; init; } = 1;

    public int HeldOutSeed { get; init; } = 1001;

    public int Machines { get; init; } = 30;

    public int HeldOutMachines { get; init; } = 30;

    public int Days { get; init; } = 180;

    public int Folds { get; init; } = 5;

    public double HorizonHours { get; init; } = 48;
}
