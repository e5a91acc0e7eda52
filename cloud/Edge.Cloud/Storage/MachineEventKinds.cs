namespace Edge.Cloud.Storage;

/// <summary>The kinds of the history format's events file (<c>E.csv</c>): what gateways and trainers understand.</summary>
public static class MachineEventKinds
{
    public const string Failure = "failure";
    public const string Maintenance = "maintenance";
    public const string Error = "error";
}
