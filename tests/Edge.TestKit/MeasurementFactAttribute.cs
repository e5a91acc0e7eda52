using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Edge.TestKit;

/// <summary>
/// A measurement that prints figures and asserts no speed: it runs only when the environment variable named here is
/// <c>1</c> (<c>[MeasurementFact("EDGE_MEASURE")]</c>), so CI time stays in check; otherwise it is skipped with a reason.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class MeasurementFactAttribute : FactAttribute
{
    public MeasurementFactAttribute(string variable)
    {
        Variable = variable;
        Skip = Measurement.SkipReason(variable);
    }

    public string Variable { get; }
}
