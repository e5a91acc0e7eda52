namespace Edge.Maintenance.History;

/// <summary>The kinds of <see cref="MachineEvent"/> the history format knows (column <c>kind</c> of E.csv).</summary>
public static class MachineEventKinds
{
    public const string Failure = "failure";
    public const string Maintenance = "maintenance";
    public const string Error = "error";

    public static bool IsKnown(string kind) => kind is Failure or Maintenance or Error;

    /// <summary>Failures and maintenance restart a machine's rolling feature state.</summary>
    public static bool Resets(string kind) => kind is Failure or Maintenance;
}
