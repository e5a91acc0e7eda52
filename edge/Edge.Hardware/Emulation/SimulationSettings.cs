namespace Edge.Hardware.Emulation;

/// <summary>Section <c>Hardware:Simulation</c>: how the physical model behind the emulators behaves.</summary>
public sealed class SimulationSettings
{
    /// <summary>Time from a new bearing to one about to fail.</summary>
    public TimeSpan DegradationTime { get; set; } = TimeSpan.FromHours(1);
}
