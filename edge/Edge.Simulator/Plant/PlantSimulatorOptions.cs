namespace Edge.Simulator.Plant;

public sealed class PlantSimulatorOptions
{
    public string BrokerHost { get; set; } = "127.0.0.1";

    public int BrokerPort { get; set; } = 1883;

    public int Machines { get; set; } = 10;

    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Plant time per wall-clock time: 1 runs the plant in real time; the demo runs it 720 times faster, so a 5 s
    /// window holds one plant hour (the gateway's <c>Maintenance:ClockScale</c> must say the same).
    /// </summary>
    public double ClockScale { get; set; } = 1;

    public int Seed { get; set; } = 42;

    /// <summary>
    /// Share of machines that start with one component already degrading (0 = as the history: components anywhere in
    /// their lives). The demo starts run-down so that failures, and the alerts before them, come within minutes.
    /// </summary>
    public double WornAtStart { get; set; }

    public static string MachineId(int index) => $"machine-{index + 1:00}";
}
