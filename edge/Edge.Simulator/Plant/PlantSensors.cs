namespace Edge.Simulator.Plant;

/// <summary>The sensors every simulated machine reports, in the order of <see cref="PlantReading.Values"/>.</summary>
public static class PlantSensors
{
    public const string Temperature = "temperature";
    public const string Vibration = "vibration";
    public const string Current = "current";
    public const string Pressure = "pressure";

    /// <summary>The load setpoint read back in percent: what operators change, and what the other sensors follow.</summary>
    public const string Load = "load";

    public const int TemperatureIndex = 0;
    public const int VibrationIndex = 1;
    public const int CurrentIndex = 2;
    public const int PressureIndex = 3;
    public const int LoadIndex = 4;

    public static IReadOnlyList<string> All { get; } = [Temperature, Vibration, Current, Pressure, Load];
}
