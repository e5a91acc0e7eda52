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

/// <summary>The theory twin of <see cref="NeedsFactAttribute"/>: the same programs, skip reason and CI rule.</summary>
[XunitTestCaseDiscoverer("Edge.TestKit.NeedsTheoryDiscoverer", "Edge.TestKit")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class NeedsTheoryAttribute : TheoryAttribute
{
    public NeedsTheoryAttribute(params string[] programs)
    {
        ArgumentNullException.ThrowIfNull(programs);
        Programs = programs;
        Skip = Installed.SkipReason(programs);
    }

    public IReadOnlyList<string> Programs { get; }
}

/// <summary>
/// Programs every <see cref="NeedsFactAttribute"/> and <see cref="NeedsTheoryAttribute"/> test of this class needs,
/// inherited ones included: the PostgreSQL subclass of a store contract declares PostgreSQL, the SQLite one nothing.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class ClassNeedsAttribute(params string[] programs) : Attribute
{
    public IReadOnlyList<string> Programs { get; } = programs;

    internal static string? SkipReason(Type testClass) =>
        testClass.GetCustomAttributes(typeof(ClassNeedsAttribute), inherit: true) is [ClassNeedsAttribute needs, ..]
            ? Installed.SkipReason(needs.Programs)
            : null;
}
