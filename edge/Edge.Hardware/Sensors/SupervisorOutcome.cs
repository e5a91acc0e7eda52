namespace Edge.Hardware.Sensors;

/// <summary>What one supervisor step did; the caller logs transitions.</summary>
public enum SupervisorOutcome
{
    /// <summary>Backing off after a failure: nothing was tried.</summary>
    Waiting,

    Sampled,

    /// <summary>Sampled after one or more failures.</summary>
    Recovered,

    /// <summary>Opening failed: the part is missing or is not the configured part.</summary>
    Missing,

    /// <summary>A transfer failed on an open part.</summary>
    Failed,
}
