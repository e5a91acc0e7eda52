namespace Edge.Simulator.Plant;

/// <summary>A machine's row of the history's M.csv: its model and its age in years.</summary>
public sealed record PlantMachineAttributes(string Machine, string Model, double AgeYears);
