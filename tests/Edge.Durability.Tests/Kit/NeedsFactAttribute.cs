namespace Edge.Durability.Tests.Kit;

/// <summary>
/// A fact that needs an installed tool (mosquitto, gcc). Skipped with a reason when the tool is missing locally;
/// in CI (<c>CI=true</c>) it runs anyway and fails, since CI must install what its tests need.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NeedsFactAttribute : FactAttribute
{
    public NeedsFactAttribute(string tool)
    {
        Tool = tool;
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ci && FindOnPath(tool) is null)
        {
            Skip = $"{tool} is not installed (bash .ci/needs-outbox.sh installs it).";
        }
    }

    public string Tool { get; }

    public static string? FindOnPath(string tool)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Concat(["/usr/sbin", "/sbin"]))
        {
            var candidate = Path.Combine(directory, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
