using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Edge.TestKit;

/// <summary>The theory twin of <see cref="MeasurementFactAttribute"/>; when skipped, each data row is still one skipped test.</summary>
[XunitTestCaseDiscoverer("Edge.TestKit.MeasurementTheoryDiscoverer", "Edge.TestKit")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class MeasurementTheoryAttribute : TheoryAttribute
{
    public MeasurementTheoryAttribute(string variable)
    {
        Variable = variable;
        Skip = Measurement.SkipReason(variable);
    }

    public string Variable { get; }
}
