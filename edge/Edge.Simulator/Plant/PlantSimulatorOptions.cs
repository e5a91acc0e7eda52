namespace Edge.Simulator.Plant;

public sealed class PlantSimulatorOptions
{
    public string BrokerHost { get; set; } = "127.0.0.1";

    public int BrokerPort { get; set; } = 1883;

    public int Machines { get; set; } = 10;

    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Health lost per step on average; the default wears a machine out in about an hour of publishing.</summary>
    public double WearPerStep { get; set; } = 1.0 / 3600;

    public int Seed { get; set; } = 42;

    public static string MachineId(int index) => $"machine-{index + 1:00}";
}
