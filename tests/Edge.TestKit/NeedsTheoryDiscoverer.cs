using Xunit.Abstractions;
using Xunit.Sdk;

namespace Edge.TestKit;

/// <summary>Discovers <see cref="NeedsTheoryAttribute"/> tests: one skipped case when the class's programs are missing.</summary>
public sealed class NeedsTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute)
    {
        ArgumentNullException.ThrowIfNull(discoveryOptions);
        ArgumentNullException.ThrowIfNull(testMethod);
        return ClassNeedsAttribute.SkipReason(testMethod.TestClass.Class.ToRuntimeType()) is null
            ? base.Discover(discoveryOptions, testMethod, theoryAttribute)
            : [new NeedsTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod)];
    }
}
