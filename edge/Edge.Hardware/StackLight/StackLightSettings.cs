namespace Edge.Hardware.StackLight;

/// <summary>Section <c>Hardware:StackLight</c>: the GPIO pins (BCM) driving the relay board of a stack light.</summary>
public sealed class StackLightSettings
{
    public bool Enabled { get; set; }

    public int GreenPin { get; set; } = 5;

    public int AmberPin { get; set; } = 6;

    public int RedPin { get; set; } = 13;

    public int BuzzerPin { get; set; } = 26;

    /// <summary>Most opto-isolated relay boards switch on when their input is pulled low.</summary>
    public bool ActiveLow { get; set; } = true;

    /// <summary>How long each output is held on during the self-test.</summary>
    public TimeSpan SelfTestStep { get; set; } = TimeSpan.FromMilliseconds(300);
}
