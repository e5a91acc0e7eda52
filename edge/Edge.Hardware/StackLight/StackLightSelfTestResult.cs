namespace Edge.Hardware.StackLight;

/// <summary>Outcome of a stack light self-test: the outputs whose pin did not read back what was driven.</summary>
public sealed record StackLightSelfTestResult(StackLightLamps Failed)
{
    public bool Passed => Failed == StackLightLamps.None;
}
