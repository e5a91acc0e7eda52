namespace Edge.Simulator.Plant;

/// <summary>
/// What really happened to the live machines, in plant time: every failure (machine, component), maintenance and error
/// code, as the simulator drew it. The demo measures the gateway's alerts against <see cref="Failures"/>. Thread-safe.
/// </summary>
public sealed class PlantGroundTruth
{
    private readonly List<PlantEvent> _events = [];
    private readonly Lock _gate = new();

    /// <summary>Raised (on the machine's task) for each event as it is recorded.</summary>
    public event Action<PlantEvent>? Recorded;

    public IReadOnlyList<PlantEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public IReadOnlyList<PlantEvent> Failures
    {
        get
        {
            lock (_gate)
            {
                return [.. _events.Where(e => e.Kind == PlantEventKinds.Failure)];
            }
        }
    }

    public void Record(PlantEvent plantEvent)
    {
        ArgumentNullException.ThrowIfNull(plantEvent);
        lock (_gate)
        {
            _events.Add(plantEvent);
        }

        Recorded?.Invoke(plantEvent);
    }
}
