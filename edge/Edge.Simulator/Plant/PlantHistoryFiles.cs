namespace Edge.Simulator.Plant;

/// <summary>The three files of a written history: T.csv, E.csv and M.csv of the history format.</summary>
public sealed record PlantHistoryFiles(string Telemetry, string Events, string Machines);
