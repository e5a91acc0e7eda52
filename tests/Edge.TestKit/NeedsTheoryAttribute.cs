using Xunit;
using Xunit.Sdk;

namespace Edge.TestKit;

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
