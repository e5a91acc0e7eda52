namespace Edge.Hardware.StackLight;

/// <summary>Outputs of a stack light (tower light); any combination may be on.</summary>
[Flags]
public enum StackLightLamps
{
    None = 0,
    Green = 1,
    Amber = 2,
    Red = 4,
    Buzzer = 8,
}
