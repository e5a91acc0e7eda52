namespace Edge.Hardware.Sensors;

/// <summary>What the supervisor knows about a sensor.</summary>
public enum SensorHealth
{
    /// <summary>Not tried yet.</summary>
    Starting,

    /// <summary>The last sample succeeded.</summary>
    Healthy,

    /// <summary>The part did not answer, or answered as another part, when it was opened.</summary>
    Missing,

    /// <summary>The part was open and a transfer failed; it is retried with backoff.</summary>
    Failing,
}
