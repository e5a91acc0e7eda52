namespace Edge.Maintenance.History;

/// <summary>One row of M.csv: a machine's model (type) and age (in the unit the plant uses, the same for every machine).</summary>
public sealed record MachineAttributes(string Machine, string Model, double Age);
