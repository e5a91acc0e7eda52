namespace Edge.Simulator.Plant;

/// <summary>The event kinds of the history format (E.csv): what happened to a machine.</summary>
public static class PlantEventKinds
{
    public const string Failure = "failure";
    public const string Maintenance = "maintenance";
    public const string Error = "error";
}
