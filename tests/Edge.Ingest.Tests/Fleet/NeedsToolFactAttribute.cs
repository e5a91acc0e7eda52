namespace Edge.Ingest.Tests.Fleet;

/// <summary>
/// A fact that needs an installed program: skipped with a reason when the program is missing locally, but run (and so
/// failing) when <c>CI=true</c>, where <c>.ci/needs-fleet.sh</c> must have installed it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NeedsToolFactAttribute : FactAttribute
{
    public NeedsToolFactAttribute(string tool)
    {
        Tool = tool;
        if (ExternalTools.Find(tool) is null && !ExternalTools.IsCi)
        {
            Skip = $"'{tool}' is not installed (run .ci/needs-fleet.sh); required when CI=true.";
        }
    }

    public string Tool { get; }
}
