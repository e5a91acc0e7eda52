namespace Edge.Simulator.Plant;

/// <summary>The components that wear out, and the error code each raises more often as it degrades.</summary>
public static class PlantComponents
{
    /// <summary>Bearing wear: vibration first, then temperature.</summary>
    public const string Bearing = "bearing";

    /// <summary>Motor winding insulation: current and temperature.</summary>
    public const string Winding = "winding";

    /// <summary>Pump seal leak: pressure drops, a little cavitation vibration.</summary>
    public const string Seal = "seal";

    public const int BearingIndex = 0;
    public const int WindingIndex = 1;
    public const int SealIndex = 2;

    public static IReadOnlyList<string> All { get; } = [Bearing, Winding, Seal];

    /// <summary>Error code per component (same order as <see cref="All"/>): high vibration, overcurrent, low pressure.</summary>
    public static IReadOnlyList<string> ErrorCodes { get; } = ["E101", "E201", "E301"];

    /// <summary>Error codes unrelated to wear (communication timeout, sensor glitch): noise a model must learn to ignore.</summary>
    public static IReadOnlyList<string> NoiseErrorCodes { get; } = ["E901", "E902"];
}
