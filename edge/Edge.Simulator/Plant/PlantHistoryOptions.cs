namespace Edge.Simulator.Plant;

/// <summary>What <see cref="PlantHistoryGenerator"/> generates: how many machines, how long, from which seed.</summary>
public sealed record PlantHistoryOptions
{
    public int Machines { get; init; } = 30;

    public int Days { get; init; } = 180;

    /// <summary>Plant seed: the same seed gives the same machines, rows and events.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>One row per step: the machine's mean over that step (hourly by default, like a gateway's window means).</summary>
    public TimeSpan Step { get; init; } = TimeSpan.FromHours(1);

    public DateTimeOffset Start { get; init; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Machine ids are this prefix and a number (hist-01, hist-02, ...).</summary>
    public string MachinePrefix { get; init; } = "hist-";

    public string MachineId(int index) => $"{MachinePrefix}{index + 1:00}";
}
