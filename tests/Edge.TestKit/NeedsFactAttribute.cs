using Xunit;
using Xunit.Sdk;

namespace Edge.TestKit;

/// <summary>
/// A fact that needs installed programs: names on PATH (<c>mosquitto</c>), absolute paths
/// (<c>/usr/lib/postgresql/15/bin/initdb</c>) or folders in the repository (see <see cref="Installed.Find"/>). Locally it
/// is skipped with a reason when one is missing; in CI (<c>CI=true</c>) it always runs, so a missing dependency is a
/// failure, not a silent skip. It also needs what its test class declares with <see cref="ClassNeedsAttribute"/>, so a
/// contract inherited by several classes can need a server in one of them only. Pair it with <c>[Trait("Needs", "...")]</c>.
/// </summary>
[XunitTestCaseDiscoverer("Edge.TestKit.NeedsFactDiscoverer", "Edge.TestKit")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class NeedsFactAttribute : FactAttribute
{
    public NeedsFactAttribute(params string[] programs)
    {
        ArgumentNullException.ThrowIfNull(programs);
        Programs = programs;
        Skip = Installed.SkipReason(programs);
    }

    public IReadOnlyList<string> Programs { get; }
}
