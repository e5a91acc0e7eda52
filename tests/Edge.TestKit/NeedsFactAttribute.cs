using Xunit;

namespace Edge.TestKit;

/// <summary>
/// A fact that needs an installed program (mosquitto, chromium, node...). Locally it is skipped with a reason when the
/// program is missing; in CI (<c>CI=true</c>) it always runs, so a missing dependency is a failure, not a silent skip.
/// Pair it with <c>[Trait("Needs", "...")]</c>.
/// </summary>
public sealed class NeedsFactAttribute : FactAttribute
{
    public NeedsFactAttribute(params string[] programs)
    {
        ArgumentNullException.ThrowIfNull(programs);
        var missing = programs.Where(program => Installed.Find(program) is null).ToList();
        if (missing.Count > 0 && !Installed.IsCi)
        {
            Skip = $"Needs {string.Join(", ", missing)} (not installed; required when CI=true).";
        }
    }
}
